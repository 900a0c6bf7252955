using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Pages;

/// <summary>The provision form's fields, as the browser posts them.</summary>
public sealed class ProvisionForm
{
    [Required(ErrorMessage = "Choose an image.")]
    [Display(Name = "Image")]
    public string? ImageType { get; set; }

    [Required(ErrorMessage = "Say how long you need the container.")]
    [Range(1, 100_000, ErrorMessage = "The duration must be a whole number above zero.")]
    [Display(Name = "Duration")]
    public int? Amount { get; set; } = 30;

    [RegularExpression("^(seconds|minutes|hours)$", ErrorMessage = "Choose seconds, minutes or hours.")]
    public string Unit { get; set; } = "minutes";

    public TimeSpan Duration => Unit switch
    {
        "seconds" => TimeSpan.FromSeconds(Amount ?? 0),
        "hours" => TimeSpan.FromHours(Amount ?? 0),
        _ => TimeSpan.FromMinutes(Amount ?? 0),
    };
}
