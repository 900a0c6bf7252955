using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Tests;

/// <summary>Options checked as the app checks them at start (<c>ValidateDataAnnotations</c>), for the options' own tests.</summary>
public static class OptionsValidation
{
    /// <summary>Every validation error of <paramref name="options"/>: its attributes and its own checks; empty when valid.</summary>
    public static List<ValidationResult> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
