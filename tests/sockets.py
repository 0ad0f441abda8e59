"""Which addresses processes listen on, read from /proc (Linux): a local server must take only
127.0.0.1, never every interface."""
import ipaddress
import os
from pathlib import Path

LISTEN = "0A"


def listening(pids):
    """{(address, port)} of the TCP sockets `pids` listen on (IPv4-mapped IPv6 shown as IPv4)."""
    inodes = set()
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                try:
                    target = os.readlink(fd)
                except OSError:
                    continue
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    found = set()
    for table, width in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] != LISTEN or fields[9] not in inodes:
                continue
            address, port = fields[1].split(":")
            found.add((_address(address, width), int(port, 16)))
    return found


def _address(hex_address, width):
    raw = bytes.fromhex(hex_address)
    # /proc prints each 32-bit word in host (little-endian) order
    raw = b"".join(raw[i:i + 4][::-1] for i in range(0, width, 4))
    address = ipaddress.ip_address(raw)
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(address)


def beyond_loopback(addresses):
    """The (address, port) pairs reachable from another machine."""
    return {(a, p) for a, p in addresses if not ipaddress.ip_address(a).is_loopback}
