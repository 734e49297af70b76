namespace Maternity.Indicators;

/// <summary>What an indicator counts, and the date that puts a record in a period.</summary>
public enum Cohort
{
    /// <summary>Pregnancies, by the month of the booking appointment (MSD101 AntenatalAppDate).</summary>
    Bookings,
    /// <summary>Pregnancies, by the month they reach 15+0 weeks (AntenatalAppDate − GestAgeBooking + 105 days).</summary>
    Reaching15Weeks,
    /// <summary>Pregnancies, by the month they reach 29+0 weeks (day 203), as the continuity-of-carer measures count them.</summary>
    Reaching29Weeks,
    /// <summary>Pregnancies, by the month they reach 37+0 weeks (day 259), as the national PCSP measure counts them.</summary>
    Reaching37Weeks,
    /// <summary>Babies, by the month of birth (MSD401 PersonBirthDateBaby).</summary>
    Births,
}
