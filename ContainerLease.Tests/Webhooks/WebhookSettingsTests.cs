using System.ComponentModel.DataAnnotations;
using ContainerLease.Mvc.Jobs;
using ContainerLease.Mvc.Webhooks;
using ContainerLease.Tests.Integration.Infrastructure;
using Hangfire;
using Hangfire.Common;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace ContainerLease.Tests.Webhooks;

public sealed class WebhookSettingsTests
{
    private static List<string> Problems(WebhookEndpoint endpoint, string name = "ops")
    {
        var options = new WebhookOptions { Endpoints = { [name] = endpoint } };
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }

    private static WebhookEndpoint Valid() => new() { Url = "https://hooks.example.org/in", Secret = WebhookReceiver.Secret };

    [Fact]
    public void AnEndpoint_PassesValidation_WithAnAbsoluteUrlAndAWhsecSecret() => Assert.Empty(Problems(Valid()));

    [Theory]
    [InlineData("")]
    [InlineData("/hooks")]
    [InlineData("ftp://example.org/hooks")]
    [InlineData("hooks.example.org")]
    public void AnEndpoint_FailsValidation_WithAUrlThatIsNotAbsoluteHttp(string url)
    {
        var endpoint = Valid();
        endpoint.Url = url;

        Assert.Equal(["Webhooks:Endpoints:ops:Url must be an absolute http or https URL."], Problems(endpoint));
    }

    [Theory]
    [InlineData("")]
    [InlineData("c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_c2hvcnQ=")]
    public void AnEndpoint_FailsValidation_WithASecretThatIsNotWhsecBase64OfEnoughBytes(string secret)
    {
        var endpoint = Valid();
        endpoint.Secret = secret;

        Assert.StartsWith("Webhooks:Endpoints:ops:Secret must be whsec_", Assert.Single(Problems(endpoint)), StringComparison.Ordinal);
    }

    [Fact]
    public void AnEndpoint_FailsValidation_WithAnUnknownEventOrName()
    {
        var endpoint = Valid();
        endpoint.Events = ["lease.expired", "lease.exploded"];

        Assert.StartsWith("Webhooks:Endpoints:ops:Events: 'lease.exploded' is not an event", Assert.Single(Problems(endpoint)), StringComparison.Ordinal);
        Assert.Contains("Webhooks:Endpoints:Ops Desk: an endpoint's name is 1-64 of a-z, 0-9, '-' and '_'.", Problems(Valid(), "Ops Desk"));
    }

    [Fact]
    public void TheSignature_IsVerifiedByTheStandardWebhooksLibrary()
    {
        const string body = """{"type":"lease.expired","timestamp":"2026-12-05T10:00:00Z","data":{}}""";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var headers = new HeaderDictionary
        {
            ["webhook-id"] = "msg_1",
            ["webhook-timestamp"] = timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["webhook-signature"] = WebhookSignature.Sign(Valid().Key()!, "msg_1", timestamp, body),
        };

        new StandardWebhook(WebhookReceiver.Secret).Verify(body, headers);
        headers["webhook-id"] = "msg_2";
        Assert.ThrowsAny<Exception>(() => new StandardWebhook(WebhookReceiver.Secret).Verify(body, headers));
    }

    [Fact]
    public void Deliveries_RetryAsWebhooksRetryAttemptsSays_AndOtherJobsAsJobsRetryAttempts()
    {
        var global = new JobFilterCollection { new AutomaticRetryAttribute { Attempts = 10 } };
        var providers = new JobFilterProviderCollection(global, new RetryOverride(typeof(WebhookDeliveryJob), 8, new JobsOptions()));

        static int Attempts(JobFilterProviderCollection providers, Job job) =>
            Assert.Single(providers.GetFilters(job).Select(f => f.Instance).OfType<AutomaticRetryAttribute>()).Attempts;

        Assert.Equal(8, Attempts(providers, Job.FromExpression<WebhookDeliveryJob>(j => j.DeliverAsync(null!, null, CancellationToken.None))));
        Assert.Equal(10, Attempts(providers, Job.FromExpression<WarnLeaseJob>(j => j.RunAsync("x", DateTimeOffset.UnixEpoch, TimeSpan.Zero, CancellationToken.None))));
    }
}
