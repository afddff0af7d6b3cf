"""The small JSON Schema validator."""

import unittest

import tests.support  # noqa: F401  (puts modal-deployment on sys.path)
from beacon_endpoint import schema


class SchemaValidator(unittest.TestCase):
    def test_types(self):
        v = schema.validate_json
        self.assertEqual(v(1, {"type": "integer"}), [])
        self.assertEqual(v(1.0, {"type": "integer"}), [])
        self.assertTrue(v(1.5, {"type": "integer"}))
        self.assertTrue(v(True, {"type": "integer"}))
        self.assertTrue(v(True, {"type": "number"}))
        self.assertTrue(v(0, {"type": "boolean"}))
        self.assertEqual(v(None, {"type": ["integer", "null"]}), [])
        self.assertTrue(v("1", {"type": ["integer", "null"]}))

    def test_const_and_enum_are_type_strict(self):
        v = schema.validate_json
        self.assertTrue(v(1, {"const": True}))
        self.assertEqual(v(True, {"const": True}), [])
        self.assertTrue(v(0, {"enum": [False]}))
        self.assertEqual(v(1.0, {"enum": [1]}), [])

    def test_numeric_string_array_keywords(self):
        v = schema.validate_json
        self.assertTrue(v(0, {"exclusiveMinimum": 0}))
        self.assertEqual(v(0, {"minimum": 0}), [])
        self.assertTrue(v("", {"minLength": 1}))
        self.assertTrue(v("abc", {"maxLength": 2}))
        self.assertEqual(v("a b", {"pattern": "\\S"}), [])  # unanchored search
        self.assertTrue(v(" ", {"pattern": "\\S"}))
        self.assertTrue(v([], {"minItems": 1}))
        self.assertTrue(v([1, "x"], {"items": {"type": "integer"}}))

    def test_objects(self):
        s = {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}},
             "additionalProperties": False}
        self.assertEqual(schema.validate_json({"a": "x"}, s), [])
        self.assertTrue(schema.validate_json({}, s))
        self.assertTrue(schema.validate_json({"a": "x", "b": 1}, s))
        self.assertEqual(schema.validate_json({"a": "x", "b": 1},
                                            dict(s, additionalProperties=True)), [])

    def test_one_of_requires_exactly_one(self):
        s = {"oneOf": [{"type": "number"}, {"type": "integer"}]}
        self.assertEqual(schema.validate_json(1.5, s), [])
        self.assertTrue(schema.validate_json(1, s))  # matches both
        self.assertTrue(schema.validate_json("x", s))

    def test_refs(self):
        s = {"$defs": {"R": {"enum": ["US"]}}, "properties": {"r": {"$ref": "#/$defs/R"}}}
        self.assertEqual(schema.validate_json({"r": "US"}, s), [])
        self.assertTrue(schema.validate_json({"r": "EU"}, s))
        with self.assertRaises(ValueError):
            schema.validate_json({}, {"$ref": "other.json#/x"})

    def test_unsupported_keywords_rejected(self):
        with self.assertRaises(ValueError):
            schema.validate_json("x", {"format": "date-time"})
        self.assertTrue(schema.unsupported_schema_keywords({"anyOf": []}))
        self.assertTrue(schema.unsupported_schema_keywords({"additionalProperties": {}}))


if __name__ == "__main__":
    unittest.main()
