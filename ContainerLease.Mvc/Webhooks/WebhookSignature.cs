using System.Security.Cryptography;
using System.Text;

namespace ContainerLease.Mvc.Webhooks;

/// <summary>The Standard Webhooks signature: <c>v1,</c> and the base64 HMAC-SHA256 of <c>id.timestamp.body</c>.</summary>
public static class WebhookSignature
{
    public static string Sign(byte[] key, string messageId, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}")));
}
