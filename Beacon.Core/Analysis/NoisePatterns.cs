namespace Beacon.Core.Analysis;

/// <summary>
/// Text that is neither content nor a decision signal: politeness, offers to help, control tokens. Removing it is
/// what lets a long refusal ("I apologize... As an AI assistant I aim to... If there is anything else I can help
/// you with, please let me know.") measure as empty.
/// </summary>
internal static class NoisePatterns
{
    /// <summary>Whole clauses of closing offers and self-descriptions; they carry no content.</summary>
    public static IReadOnlyList<NamedPattern> Boilerplate { get; } =
    [
        new("en-offer-help", @"\bis there (?:anything|something) else\b|\bfeel free to (?:ask|reach out)\b|\blet me know if\b|\bplease let me know\b|\b(?:happy|glad) to help\b|\bif you have (?:any )?(?:other|more|further|additional|questions about)\b|\bcan i help you with (?:anything|something) else\b|\b(?:anything|something) else (?:i can|you'd like|you would like)\b|\bask me (?:something|anything) else\b|\byou can ask me\b|\b(?:i will|i'll) (?:try|do) my best\b|\bi can help (?:you )?with\b|\bhope this helps\b", "else", "feel free", "let me know", "help", "if you have", "ask me", "my best"),
        new("en-self-description", @"\bmy (?:primary )?(?:function|purpose|role|goal|aim) is\b"),
        new("en-courtesy", @"\bthank you for (?:your )?(?:understanding|question|asking)\b|\bapologi[sz]e for any (?:inconvenience|confusion)\b", "thank you for", "apologi"),
        new("zh-offer-help", @"还有(?:什么|其他|别的)(?:问题|可以)|有什么(?:别的|其他)?(?:可以|能|需要)帮|欢迎(?:随时)?(?:提问|继续提问)|如果您?有(?:其他|别的|任何)(?:问题|疑问)|我会尽力|请谅解|很乐意(?:为您|为你|帮)|您可以向我|可以问我|请问还有|希望您?能?理解|请您理解"),
        new("zh-self-description", @"我的(?:设计)?(?:目的|目标|职责)是|主要(?:帮助|负责|用于)(?:解答|回答|提供)"),
    ];

    /// <summary>Apologies, greetings and "as an AI" preambles, removed before content is measured. On their own they
    /// are not refusals: "I'm sorry to hear that", "很抱歉听到这个消息", "抱歉让你久等了".</summary>
    public static NamedPattern Filler { get; } = new(
        "filler",
        @"\b(?:i'm|i am) (?:so |very |really |truly )?sorry\b|\bsorry\b|\bi apologi[sz]e\b|\bmy apologies\b|\bunfortunately\b|\bhello\b|\bhi\b|\bthank you\b|\bthanks\b|\bas an (?:ai|artificial intelligence)(?: language model| assistant| model)?\b|\bas a (?:large )?language model\b|很?抱歉|对不起|不好意思|很遗憾|您好|你好|(?:关于|对于)?(?:这个|此|该|这一|您提到的|你提到的)(?:问题|话题|内容)|作为(?:一个|一名)?(?:人工智能|ai)(?:语言模型|助手|模型)?");

    /// <summary>Chat-template control tokens that some endpoints leak into an otherwise empty reply, with the role
    /// header that follows a turn start (Qwen "&lt;|im_start|&gt;assistant", Llama "&lt;|start_header_id|&gt;assistant&lt;|end_header_id|&gt;").</summary>
    public static NamedPattern ControlTokens { get; } = new(
        "control-tokens",
        @"<\|im_start\|>\s*(?:system|user|assistant)\b|<\|start_header_id\|>\s*\w*\s*<\|end_header_id\|>|<\|[a-z_]+\|>|</?s>|\[/?inst\]|<unk>|<pad>|<eos>|<bos>");

    /// <summary>Error codes that mean the provider (not the model) blocked the content.</summary>
    public static NamedPattern ModerationErrorCode { get; } = new(
        "moderation-error-code",
        @"moderat|content[_ -]?filter|content[_ -]?policy|safety|blocked");
}
