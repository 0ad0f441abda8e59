"""Network checks of the local stack: is a port free, does a server answer yet."""
import socket
import urllib.error
import urllib.request

# Local checks never go through a proxy that the environment may name for the outside world.
_open = urllib.request.build_opener(urllib.request.ProxyHandler({})).open


def busy_ports(ports):
    """The ports someone is already listening on (any address)."""
    busy = []
    for port in ports:
        with socket.socket() as s:
            # SO_REUSEADDR: a port whose last connections linger in TIME_WAIT is free to listen on.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("0.0.0.0", port))
            except OSError:
                busy.append(port)
    return busy


def answers(url, timeout=0.5):
    """True once anything answers HTTP at `url` (any status)."""
    try:
        with _open(url, timeout=timeout):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


def answers_ok(url, timeout=0.5):
    """True when `url` answers 200."""
    try:
        with _open(url, timeout=timeout) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False
