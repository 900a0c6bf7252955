using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Auth;

/// <summary>The sign-in form's fields, as the browser posts them.</summary>
public sealed class SignInForm
{
    [Required(ErrorMessage = "Enter your user name.")]
    [StringLength(64, ErrorMessage = "User names are at most 64 characters.")]
    public string? UserName { get; set; }

    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(1024, ErrorMessage = "Passwords are at most 1024 characters.")]
    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}
