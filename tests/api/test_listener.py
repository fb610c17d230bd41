"""The socket `goalgraph run` serves on: every connection it accepts sends without Nagle's
delay (TCP_NODELAY), as asyncio gives sockets it binds itself. Without it an answer written
in two parts (head, then body) waited for the client's delayed ACK, about 40 ms each."""

from __future__ import annotations

import asyncio
import socket
import threading

from api.serve import bind_listener


def test_connections_accepted_by_the_listener_send_without_delay() -> None:
    listener = bind_listener("127.0.0.1", 0)
    listener.listen()
    port = listener.getsockname()[1]
    seen: list[int] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, sock=listener)
        async with server:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            for _ in range(100):
                if seen:
                    break
                await asyncio.sleep(0.01)
            writer.close()

    # a thread of its own: a browser test of this process may hold this thread's event loop
    runner = threading.Thread(target=lambda: asyncio.run(main()))
    runner.start()
    runner.join(30)
    assert seen and seen[0] != 0, "an accepted connection has TCP_NODELAY off"
