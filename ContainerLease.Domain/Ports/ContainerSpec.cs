using ContainerLease.Domain.Catalog;

namespace ContainerLease.Domain.Ports;

public sealed record ContainerSpec(string Name, CatalogImage Image, IReadOnlyDictionary<string, string> Labels);
