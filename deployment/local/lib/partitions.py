"""Where Kafka's default partitioner puts a keyed record: Usher keys its requests by account id,
so the benchmarks and the fault script can tell which accounts share a partition."""


def murmur2(data):
    """Kafka's murmur2 (Utils.murmur2), by which its default partitioner places a keyed record."""
    m, h = 0x5BD1E995, (0x9747B28C ^ len(data)) & 0xFFFFFFFF
    for i in range(0, len(data) - len(data) % 4, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> 24
        k = (k * m) & 0xFFFFFFFF
        h = ((h * m) & 0xFFFFFFFF) ^ k
    rest = len(data) % 4
    tail = data[len(data) - rest:]
    if rest == 3:
        h ^= tail[2] << 16
    if rest >= 2:
        h ^= tail[1] << 8
    if rest >= 1:
        h ^= tail[0]
        h = (h * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    h ^= h >> 15
    return h


def partition_of(key, partitions):
    """The partition of a record with this string key (Kafka's BuiltInPartitioner.partitionForKey)."""
    return (murmur2(key.encode()) & 0x7FFFFFFF) % partitions
