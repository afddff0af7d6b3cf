#!/usr/bin/env python3
"""Builds Beacon's real-answer classifier sets from local copies of two SpeechMap repositories (Apache-2.0).

    python3 scripts/classifier/build_sets.py --data <speechmap-data checkout> --eval <speechmap-eval checkout>

Both arguments may be a bare git directory (read with `git show HEAD:<path>`) or a work tree.
Writes data/classifier/{train,held-out,gold}.jsonl.gz. Deterministic (fixed seed, sorted input).

Splits (decided before any model was trained, see docs/classifier.md):
- train: SpeechMap production judgments for the *_criticism question sets, models NOT listed in HELD_OUT_MODELS.
- held-out: the same question sets, only the HELD_OUT_MODELS (whole models, every family member).
- gold: SpeechMap's 400-row judge-evaluation reference set (us_hard questions, never used for training), with the
  maintainers' human review decisions applied; a whole held-out source.
"""
import argparse, gzip, json, os, random, subprocess, collections

SEED = 20261203
LABELS = {"COMPLETE": "Substantive", "EVASIVE": "Partial", "DENIAL": "Refusal"}
CATEGORIES = {"china_criticism": "en", "zh_china_criticism": "zh-Hans", "us_criticism": "en",
              "eu_criticism": "en", "russia_criticism": "en"}
# Whole models (and, for Llama, the whole family) never seen in training or threshold choice.
HELD_OUT_MODELS = {
    "meta-llama/llama-3.1-70b-instruct", "meta-llama/llama-3.3-70b-instruct", "meta-llama/llama-4-maverick",
    "meta-llama/llama-4-scout", "anthropic/claude-3-5-sonnet-20241022", "qwen/qwen-2.5-7b-instruct",
    "deepseek/deepseek-chat-v3-0324", "openai/gpt-oss-120b", "thudm/glm-4-32b-0414",
}
# Substantive answers are plentiful: keep at most this many per (model, question set) in train, all in held-out.
# None keeps them all (hybrid-2.2 on): thresholds chosen on out-of-fold predictions then see the natural class mix,
# so cross-validated precision is the precision a Beacon job would get, not one inflated by undersampling.
TRAIN_COMPLETE_PER_FILE = None
HEAD, TAIL = 1200, 300


class Repo:
    def __init__(self, path):
        self.path = path
        self.bare = not os.path.isdir(os.path.join(path, "analysis")) and not os.path.isdir(os.path.join(path, "judge_evaluation"))

    def ls(self, folder):
        if not self.bare:
            return sorted(os.path.join(folder, f) for f in os.listdir(os.path.join(self.path, folder)))
        out = subprocess.check_output(["git", "-C", self.path, "ls-tree", "--name-only", "HEAD", folder + "/"], text=True)
        return sorted(out.split())

    def read(self, rel):
        if not self.bare:
            with open(os.path.join(self.path, rel), encoding="utf-8") as f:
                return f.read()
        r = subprocess.run(["git", "-C", self.path, "show", "HEAD:" + rel], capture_output=True)
        return r.stdout.decode("utf-8") if r.returncode == 0 else ""


def content(row):
    try:
        return row["response"]["choices"][0]["message"].get("content")
    except (KeyError, IndexError, TypeError):
        return None


def trim(text):
    """Keeps the head and tail the classifier reads (see AnswerFeatures), so the committed text is lossless for it."""
    if text is None or len(text) <= HEAD + TAIL + 20:
        return text, False
    return text[:HEAD] + "\n[…]\n" + text[-TAIL:], True


def record(source, split, row, label, lang, qid, question, answer):
    text, truncated = trim(answer)
    return {"id": f"{source}:{row['model']}:{qid}", "source": source, "split": split, "model": row["model"],
            "language": lang, "questionId": qid, "question": question, "answer": text,
            "answerChars": len(answer or ""), "truncated": truncated, "expected": label}


def speechmap_production(repo):
    rng = random.Random(SEED)
    train, held = [], []
    for path in repo.ls("analysis"):
        name = os.path.basename(path)
        cat = next((c for c in sorted(CATEGORIES, key=len, reverse=True) if name.startswith("compliance_" + c + "_")), None)
        if cat is None:
            continue
        text = repo.read(path)
        if not text or text.startswith("version https://git-lfs"):
            continue
        rows = [json.loads(l) for l in text.splitlines() if l.strip()]
        out = held if rows and rows[0]["model"] in HELD_OUT_MODELS else train
        kept = []
        for r in rows:
            c = r["compliance"]
            answer = content(r)
            # ERROR_* rows (moderated or failed on the original call, often re-asked later) carry no judgment of the
            # text: Beacon decides technical failures from the call itself, so they are left out.
            if c not in LABELS:
                continue
            label = LABELS[c]
            kept.append(record("speechmap", "held-out" if out is held else "train", r, label,
                               CATEGORIES[cat], r["question_id"] if cat != "zh_china_criticism" else "zh_" + r["question_id"],
                               r["question"], answer))
        if out is train:
            subs = [k for k in kept if k["expected"] == "Substantive"]
            rest = [k for k in kept if k["expected"] != "Substantive"]
            rng.shuffle(subs)
            kept = rest + (subs if TRAIN_COMPLETE_PER_FILE is None else subs[:TRAIN_COMPLETE_PER_FILE])
        out.extend(kept)
    return train, held


def speechmap_gold(repo):
    manifest = [json.loads(l) for l in repo.read("judge_evaluation/us_hard_sample_manifest.jsonl").splitlines() if l.strip()]
    responses = {}
    for l in repo.read("judge_evaluation/us_hard_sample_responses.jsonl").splitlines():
        if l.strip():
            r = json.loads(l)
            responses[f"{r['model']}::{r['question_id']}"] = r
    decisions = {}
    for l in repo.read("judge_evaluation/gold_review/review_decisions.jsonl").splitlines():
        if l.strip():
            d = json.loads(l)
            if d.get("decision") == "reclassify" and d.get("new_label") in LABELS:
                decisions[d["key"]] = d["new_label"]
    out = []
    for m in manifest:
        r = responses.get(m["key"])
        if r is None:
            continue
        label = decisions.get(m["key"], m["expected_compliance"])
        if label not in LABELS:
            continue
        out.append(record("speechmap-gold", "held-out", r, LABELS[label], "en", r["question_id"], r["question"], content(r)))
    return out


def write(path, rows):
    rows = sorted(rows, key=lambda r: r["id"])
    with gzip.GzipFile(path, "wb", mtime=0) as g:
        for r in rows:
            g.write((json.dumps(r, ensure_ascii=False) + "\n").encode("utf-8"))
    counts = collections.Counter((r["language"], r["expected"]) for r in rows)
    print(path, len(rows), os.path.getsize(path), dict(sorted(counts.items())))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--eval", required=True)
    ap.add_argument("--out", default="data/classifier")
    a = ap.parse_args()
    train, held = speechmap_production(Repo(a.data))
    gold = speechmap_gold(Repo(a.eval))
    os.makedirs(a.out, exist_ok=True)
    write(os.path.join(a.out, "train.jsonl.gz"), train)
    write(os.path.join(a.out, "held-out.jsonl.gz"), held)
    write(os.path.join(a.out, "gold.jsonl.gz"), gold)


if __name__ == "__main__":
    main()
