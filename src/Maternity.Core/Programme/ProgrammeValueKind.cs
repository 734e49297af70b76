namespace Maternity.Programme;

/// <summary>What a column of a register holds, so every cell is checked and stored in one canonical text form.</summary>
public enum ProgrammeValueKind
{
    /// <summary>Free text.</summary>
    Text,
    /// <summary>A date, yyyy-MM-dd (dd/MM/yyyy is read too).</summary>
    Date,
    /// <summary>Pounds, e.g. 150000 or £150,000.00; never negative.</summary>
    Money,
    /// <summary>A decimal number not below zero (e.g. whole-time equivalents).</summary>
    Number,
    /// <summary>A whole number not below zero (a count of people).</summary>
    Whole,
    /// <summary>A financial year, 2022-23 (2022/23 is read too).</summary>
    FinancialYear,
    /// <summary>One of the column's choices.</summary>
    Choice,
    /// <summary>Several values separated by ';'.</summary>
    List,
    /// <summary>The id of a row of another sheet (<see cref="ProgrammeColumn.Refers"/>).</summary>
    Reference,
    /// <summary>Ids of actions of the LMNS's action plan, separated by ';'.</summary>
    Actions,
}
