"""Starts moto's server on a free port and prints {"port": N} once it listens.

Race-free: the OS picks the port (port=0) and we report the one actually bound.
The server lives as long as stdin stays open, so it dies with the Node process
that spawned it even when that process is killed without cleaning up.
"""
import json
import signal
import sys

from moto.server import ThreadedMotoServer


def main() -> None:
    host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
    server = ThreadedMotoServer(ip_address=host, port=0, verbose=False)
    server.start()
    _, port = server.get_host_and_port()
    print(json.dumps({"port": port}), flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while sys.stdin.read(4096):
            pass
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
