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
        if sock is not None:
            sock.disconnectFromServer()
        self.activate_requested.emit()

    def ask_first_to_show(self) -> bool:
        """From a second start: ask the running window to come forward."""
        sock = QLocalSocket()
        sock.connectToServer(self.key)
        ok = sock.waitForConnected(1000)
        if ok:
            sock.write(b"show")
            sock.flush()
            sock.waitForBytesWritten(500)
            sock.disconnectFromServer()
        return ok

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()
