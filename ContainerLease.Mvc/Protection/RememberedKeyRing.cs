using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ContainerLease.Mvc.Protection;

/// <summary>
/// The key ring as this instance last saw it, kept in memory beside the shared one, so that a
/// ring Redis lost (a flush, a restore from an old snapshot) can be written back
/// (<see cref="KeyRingRestorer"/>) before any instance restarts and makes a new key that no
/// existing cookie or antiforgery token was protected with.
/// </summary>
internal sealed class RememberedKeyRing(IXmlRepository inner) : IXmlRepository
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, XElement> _seen = new(StringComparer.Ordinal);

    public IReadOnlyList<XElement> Seen
    {
        get
        {
            lock (_gate)
            {
                return [.. _seen.Values];
            }
        }
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var elements = inner.GetAllElements();
        Remember(elements);
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        inner.StoreElement(element, friendlyName);
        Remember([element]);
    }

    private void Remember(IEnumerable<XElement> elements)
    {
        lock (_gate)
        {
            foreach (var element in elements)
            {
                _seen[(string?)element.Attribute("id") ?? element.ToString(SaveOptions.DisableFormatting)] = new XElement(element);
            }
        }
    }
}
