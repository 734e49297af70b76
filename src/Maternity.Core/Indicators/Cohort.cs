namespace Maternity.Indicators;

/// <summary>What an indicator counts, and the date that puts a record in a period.</summary>
public enum Cohort
{
    /// <summary>Pregnancies, by the month of the booking appointment (MSD101 AntenatalAppDate).</summary>
    Bookings,
    /// <summary>Babies, by the month of birth (MSD401 PersonBirthDateBaby).</summary>
    Births,
}
