"""Server-sent events for Usher's scripts (deployment/bench, deployment/faults)."""


def blocks(resp):
    """The events of a text/event-stream response, each as its raw block of lines (bytes), until the
    stream ends. Read in large pieces and split on the blank line that ends each event: a
    line-by-line reader would spend the CPU the service needs on a 2-core machine."""
    buffer = b""
    while True:
        piece = resp.read1(65536)
        if not piece:
            return
        parts = (buffer + piece).replace(b"\r\n", b"\n").split(b"\n\n")
        buffer = parts.pop()
        yield from parts
