using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Protection;

/// <summary>
/// Lets only one instance create the installation's first data-protection key. Instances that
/// start together on an empty key ring would each create one and use it at once; one that never
/// saw the other's key rejects its tokens once ASP.NET Core's two-minute refresh-on-miss window
/// is over, until its next key-ring refresh a day later. So an instance that finds the ring empty
/// takes a short Redis lock until it has stored its key, and the others wait for that key and use
/// it. (Later keys are made days before they activate, so every instance sees them in time.)
/// </summary>
internal sealed class FirstKeyOnceRepository(IXmlRepository inner, IDatabase redis, RedisKey lockKey) : IXmlRepository
{
    /// <summary>How long an instance that found the ring empty may take to store the first key before others stop waiting.</summary>
    private static readonly TimeSpan LockHold = TimeSpan.FromSeconds(10);

    private readonly RedisValue _owner = Guid.NewGuid().ToString("N");

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var elements = inner.GetAllElements();
        var deadline = DateTime.UtcNow + LockHold;
        while (elements.Count == 0 && !redis.LockTake(lockKey, _owner, LockHold))
        {
            if (DateTime.UtcNow > deadline)
            {
                break; // the other instance's lock expires by itself; take our chance at the next read
            }

            Thread.Sleep(100);
            elements = inner.GetAllElements();
        }

        if (elements.Count == 0)
        {
            // Ours to create; read once more in case the key was stored just before we took the lock.
            elements = inner.GetAllElements();
            if (elements.Count > 0)
            {
                redis.LockRelease(lockKey, _owner);
            }
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        inner.StoreElement(element, friendlyName);
        redis.LockRelease(lockKey, _owner);
    }
}
