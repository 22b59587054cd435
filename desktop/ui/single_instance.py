"""One window per ledger: a second start brings the first window forward instead of opening the
same file twice (two writers on one ledger on a shared PC is how records get overwritten)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket


def _key(ledger: Path) -> str:
    digest = hashlib.sha1(str(ledger.resolve()).lower().encode("utf-8")).hexdigest()[:16]
    return f"thidua-{digest}"


class SingleInstance(QObject):
    """Holds the ledger's lock file and listens for later starts that want the window shown."""

    activate_requested = Signal()
    # A later start was given a .thidua file (double-clicked in Explorer): the running window opens it.
    open_requested = Signal(str)

    def __init__(self, ledger: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.key = _key(ledger)
        self.lock = QLockFile(str(ledger.with_name(ledger.name + ".lock")))
        self.lock.setStaleLockTime(0)  # a lock left by a crashed process is detected by its PID
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True if this process now owns the ledger; False if another window has it open."""
        if not self.lock.tryLock(100):
            self.lock.removeStaleLockFile()
            if not self.lock.tryLock(100):
                return False
        QLocalServer.removeServer(self.key)  # a socket left behind by a crash
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._on_connection)
        self.server.listen(self.key)
        return True

    def _on_connection(self) -> None:
        assert self.server is not None
        sock = self.server.nextPendingConnection()
        message = b""
        if sock is not None:
            # The later start writes its one short message right after connecting.
            while sock.waitForReadyRead(300):
                message += bytes(sock.readAll().data())
            message += bytes(sock.readAll().data())
            sock.disconnectFromServer()
        self.activate_requested.emit()
        if message.startswith(b"open\n"):
            self.open_requested.emit(message[5:].decode("utf-8", errors="replace"))

    def ask_first_to_show(self, package: Path | None = None) -> bool:
        """From a second start: ask the running window to come forward (and to open `package`)."""
        sock = QLocalSocket()
        sock.connectToServer(self.key)
        ok = sock.waitForConnected(1000)
        if ok:
            sock.write(b"open\n" + str(package.resolve()).encode("utf-8") if package else b"show")
            sock.flush()
            sock.waitForBytesWritten(500)
            sock.disconnectFromServer()
        return ok

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()
