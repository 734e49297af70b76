namespace Maternity.Safety;

/// <summary>
/// One entry of an LMNS's lessons-learnt log: the lesson, the cases it came from (their trust references), the actions of
/// the LMNS's plan it led to, and where and when it was shared.
/// </summary>
public sealed record SafetyLesson(string Lmns, string Id, string Lesson, IReadOnlyList<string> SourceCases, IReadOnlyList<string> Actions,
    string? SharedWhere, DateOnly? SharedOn);
