"""The main window: navigation on the left, one page at a time, the clerk's name in the status bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from desktop import APP_NAME
from desktop.ui import screen_fit
from desktop.ui.context import AppContext
from desktop.ui.messages import show_error

PAGES = [
    ("overview", "Tổng quan"),
    ("groups", "Tổ dân phố"),
    ("contributors", "Người đóng góp"),
    ("works", "Công trình"),
    ("spending", "Thu – chi công trình"),
    ("contributions", "Đóng góp"),
    ("awards", "Khen thưởng"),
    ("round", "Báo cáo của đơn vị"),
    ("indicators", "Chỉ tiêu phong trào"),
    ("report", "Báo cáo"),
    ("exchange", "Trao đổi dữ liệu"),
    ("history", "Lịch sử thay đổi"),
    ("settings", "Cài đặt"),
]
# An upper-level ledger (province) keeps no register of its own: it receives and consolidates.
UPPER_PAGES = [("exchange", "Tổng hợp phường, xã"), ("history", "Lịch sử thay đổi"), ("settings", "Cài đặt")]


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext):
        super().__init__()
        self.ctx = ctx
        ctx.navigate = self.navigate
        self._show_title(ctx.unit)
        self._fit_to_screen()

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget()
        # Pages are built the first time they are opened: start-up builds only Tổng quan.
        self._pages: dict[str, QWidget] = {}
        self._build_nav()
        self.nav.currentRowChanged.connect(self._show_row)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.user_label = QLabel()
        self.busy_label = QLabel()
        # The demo says so in the status bar too, on the left where the eye starts (hidden for a real ledger).
        self.demo_label = QLabel()
        self.demo_label.setObjectName("demo_mark")
        self.demo_label.setStyleSheet("QLabel#demo_mark { background: #b00020; color: white; font-weight: bold; "
                                      "padding: 1px 8px; border-radius: 3px; }")
        self.statusBar().addWidget(self.demo_label)
        self.statusBar().addWidget(self.user_label, 1)
        self.statusBar().addPermanentWidget(self.busy_label)
        ctx.worker.busy_changed.connect(lambda busy: self.busy_label.setText("Đang xử lý…" if busy else ""))
        self.instance: Any = None  # the SingleInstance lock, set by desktop.app
        # Set by desktop.app: open another ledger in place of this one (switch_ledger), and let this window go.
        self.switch_to: Callable[[Path], Any] | None = None
        self.shutdown: Callable[[], None] = lambda: None
        self._show_user()
        self._menus()
        self.nav.setCurrentRow(0)

    def _build_nav(self) -> None:
        """The pages of the ledger's role (a ward's, or the upper level's): again after Tạo sổ mới… replaced it."""
        self.nav.clear()
        while self.stack.count():
            old = self.stack.widget(0)
            self.stack.removeWidget(old)
            old.deleteLater()
        self.page_list = UPPER_PAGES if self.ctx.unit.get("role") == "upper" else PAGES
        label = self.ctx.unit.get("group_label") or "Tổ dân phố"
        for i, (key, title) in enumerate(self.page_list):
            item = QListWidgetItem(label if key == "groups" else title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            if i < 9:
                item.setToolTip(f"Ctrl+{i + 1}")
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())

    def _fit_to_screen(self) -> None:
        """Open at 1280×780, or smaller on a 1366×768 or 1280×720 screen: the whole window, status bar included,
        inside the free area (above the taskbar). Every window it opens is kept inside by screen_fit's filter,
        which desktop.app installs once this window is on screen."""
        screen_fit.fit_size(self, 1280, 780)
        screen_fit.center_on_screen(self)

    def page(self, key: str) -> QWidget:
        """The page of `key`, built (and put in the stack) on first use."""
        if key not in self._pages:
            row = [k for k, _t in self.page_list].index(key)
            page = self._make_page(key)
            old = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(old)
            old.deleteLater()
            self._pages[key] = page
        return self._pages[key]

    @property
    def pages(self) -> dict[str, QWidget]:
        """Every page (building those not yet opened): for tests and screenshots."""
        return {key: self.page(key) for key, _t in self.page_list}

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.page_list):
            self.stack.setCurrentWidget(self.page(self.page_list[row][0]))

    # Each page's module is imported when the page is first opened: start-up loads only Tổng quan's.
    _PAGE_CLASSES = {
        "overview": ("desktop.ui.pages.figures_pages", "OverviewPage"),
        "groups": ("desktop.ui.pages.registers", "GroupsPage"),
        "contributors": ("desktop.ui.pages.registers", "ContributorsPage"),
        "works": ("desktop.ui.pages.registers", "WorksPage"),
        "spending": ("desktop.ui.pages.spending_page", "SpendingPage"),
        "contributions": ("desktop.ui.pages.registers", "ContributionsPage"),
        "awards": ("desktop.ui.pages.awards", "AwardsPage"),
        "indicators": ("desktop.ui.pages.indicators_page", "IndicatorsPage"),
        "round": ("desktop.ui.pages.round_page", "RoundPage"),
        "report": ("desktop.ui.pages.report", "ReportPage"),
        "exchange": ("desktop.ui.pages.exchange_page", "ExchangePage"),
        "history": ("desktop.ui.pages.history", "HistoryPage"),
    }

    def _make_page(self, key: str) -> QWidget:
        import importlib

        ctx = self.ctx
        if key == "settings":
            from desktop.ui.pages.settings import SettingsPage

            return SettingsPage(ctx, self._unit_changed)
        if key == "exchange" and ctx.unit.get("role") == "upper":
            from desktop.ui.pages.upper import UpperPage

            return UpperPage(ctx)
        module, name = self._PAGE_CLASSES[key]
        return getattr(importlib.import_module(module), name)(ctx)

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        if self.ctx.unit.get("role") != "upper":
            import_action = QAction("Nhập từ Excel…", self)
            import_action.setShortcut(QKeySequence("Ctrl+I"))
            import_action.triggered.connect(self.import_excel)
            file_menu.addAction(import_action)
            template_action = QAction("Tạo mẫu nhập liệu Excel…", self)
            template_action.triggered.connect(self.save_template)
            file_menu.addAction(template_action)
            file_menu.addSeparator()
        from desktop.ui import ledger_switch

        ledger_switch.add_ledger_menu(self, file_menu)
        file_menu.addSeparator()
        quit_action = QAction("Thoát", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        go = self.menuBar().addMenu("&Đi đến")
        for i, (key, title) in enumerate(self.page_list):
            action = QAction(title, self)
            if i < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _c=False, k=key: self.navigate(k, {}))
            go.addAction(action)
        help_menu = self.menuBar().addMenu("Trợ &giúp")
        guide = QAction("Hướng dẫn sử dụng", self)
        guide.setShortcut(QKeySequence("F1"))
        guide.triggered.connect(self.show_guide)
        help_menu.addAction(guide)
        about = QAction("Giới thiệu", self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def _is_demo(self) -> bool:
        from desktop.core.ledger import demo_mark

        return demo_mark.is_demo(self.ctx.reader)

    def _show_title(self, unit: dict[str, Any]) -> None:
        """"Sổ Thi đua — sổ so-thi-dua.sqlite — Phường …" (two ledgers open: which is which); the upper level's
        says "cấp trên:"; the demo adds "SỔ MẪU — dữ liệu giả định…" (ledger.demo_mark)."""
        from desktop.core.ledger import demo_mark

        tag = f" — {demo_mark.TITLE_TAG}" if self._is_demo() else ""
        role = "cấp trên: " if unit.get("role") == "upper" else ""
        self.setWindowTitle(f"{APP_NAME} — sổ {self.ctx.reader.path.name} — {role}{unit['name']}{tag}")

    def _show_user(self) -> None:
        user = self.ctx.unit.get("user_name") or "(chưa đặt tên người sử dụng — vào Cài đặt)"
        role = " (cấp trên)" if self.ctx.unit.get("role") == "upper" else ""
        # A long folder is shortened in the middle (the file name stays whole); the tooltip has the full path.
        path = str(self.ctx.reader.path)
        shown = self.user_label.fontMetrics().elidedText(path, Qt.TextElideMode.ElideMiddle, 380)
        self.user_label.setText(f"Đơn vị: {self.ctx.unit.get('name')}{role}   ·   Sổ: {shown}   ·   "
                                f"Người sử dụng: {user}")
        self.user_label.setToolTip(f"Sổ đang mở: {path}")
        demo = self._is_demo()
        self.demo_label.setText("SỔ MẪU — số liệu giả định; làm sổ thật: Tệp → Tạo sổ mới…" if demo else "")
        self.demo_label.setToolTip("Sổ dữ liệu mẫu để dùng thử: đơn vị, người và số liệu đều là giả định. Mọi văn "
                                   "bản in từ sổ này mang dấu SỔ MẪU." if demo else "")
        self.demo_label.setVisible(demo)

    def _unit_changed(self, unit: dict[str, Any]) -> None:
        self.ctx.worker.set_user(unit.get("user_name") or "")
        self._show_title(unit)
        self._show_user()

    def navigate(self, key: str, filters: dict[str, Any]) -> None:
        """Open a page, optionally with filters set (e.g. the contributions of one person)."""
        row = [k for k, _t in self.page_list].index(key)
        page = self.page(key)
        from desktop.ui.list_page import ListPage  # loaded by the list pages themselves, not at start-up

        if isinstance(page, ListPage) and filters:
            page.search.clear()
            for k in list(page.hidden_filters()):
                page.query.filters.pop(k)
            for combo in page.filter_widgets.values():
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            for k, v in filters.items():
                page.set_filter(k, v)
            page.refresh()
        self.nav.setCurrentRow(row)

    def backup_folder(self) -> Path:
        from db.copies import backup_dir

        return backup_dir(self.ctx.reader.path)

    def new_ledger(self) -> None:
        """Tệp → Tạo sổ mới…, a ward's or the upper level's. From the demo: the real ledger takes the demo's place
        (the demo goes to the backups, from where Khôi phục… brings it back). Otherwise: a new ledger file of
        its own, opened in place of this one, which stays as it is (Sổ gần đây brings it back)."""
        from desktop.ui import ledger_switch

        if not self._is_demo():
            path = ledger_switch.create_new(self)
            if path is not None and self.switch_to is not None:
                self.switch_to(path)
            return
        import shutil
        import tempfile

        from db.connection import open_ledger
        from desktop.core.ledger import safety

        answer = QMessageBox.question(
            self, "Tạo sổ mới",
            f"Tạo một sổ mới, trống, thay cho sổ đang dùng ({self.ctx.unit.get('name')})?\n\n"
            "Sổ đang dùng không bị xóa: nó được cất vào thư mục sao lưu; muốn dùng lại thì vào Cài đặt → "
            "Khôi phục….")
        if answer != QMessageBox.StandardButton.Yes:
            return
        folder = Path(tempfile.mkdtemp(prefix="thidua-so-moi-"))
        fresh = folder / "so-moi.sqlite"
        try:
            ledger = open_ledger(fresh)
            try:
                accepted = ledger_switch.declare(self, ledger, first_start=False) is not None
            finally:
                ledger.close()
            if accepted:
                self.reopen_after(lambda path, user: safety.start_new_ledger(path, fresh, user),
                                  done="Đã tạo sổ mới. Sổ trước đó được cất trong thư mục sao lưu "
                                       "(Cài đặt → Khôi phục… để mở lại).")
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def reopen_after(self, change: Callable[[Path, str], Any],
                     done: str = "Đã khôi phục xong. Dữ liệu trước khi khôi phục đã được sao lưu.") -> None:
        """Close every connection, run `change(ledger_path, user)` on the closed file (a restore),
        then open the ledger again and rebuild the pages from it."""
        from db.connection import open_ledger
        from desktop.core.ledger import setup
        from desktop.ui.worker import DbWorker

        path = self.ctx.reader.path
        user = self.ctx.unit.get("user_name") or ""
        self.ctx.worker.close()
        self.ctx.reader.close()
        error: BaseException | None = None
        try:
            change(path, user)
        except Exception as exc:  # explained below; the ledger is reopened as it was
            error = exc
        self.ctx.reader = open_ledger(path, read_only=True)
        role = self.ctx.unit.get("role")
        self.ctx.unit = setup.get_unit(self.ctx.reader)
        self.ctx.worker = DbWorker(path, user=self.ctx.unit.get("user_name") or "")
        self.ctx.worker.busy_changed.connect(lambda busy: self.busy_label.setText("Đang xử lý…" if busy else ""))
        row = self.nav.currentRow()
        for key, page in list(self._pages.items()):
            index = self.stack.indexOf(page)
            self.stack.insertWidget(index, QWidget())
            self.stack.removeWidget(page)
            page.deleteLater()
            del self._pages[key]
        if self.ctx.unit.get("role") != role:  # the demo replaced by an upper level's ledger: its own pages
            self.nav.blockSignals(True)
            self._build_nav()
            self.nav.blockSignals(False)
            self.menuBar().clear()
            self._menus()
            row = 0
        self._unit_changed(self.ctx.unit)
        self._show_row(row)
        self.nav.setCurrentRow(row)
        if error is not None:
            show_error(self, error)
        else:
            QMessageBox.information(self, APP_NAME, done)

    def import_excel(self) -> None:
        from desktop.ui.import_dialog import run_import

        run_import(self, self.ctx)

    def save_template(self) -> None:
        from desktop.ui.import_dialog import save_template

        save_template(self, self.ctx)

    def bring_forward(self) -> None:
        """A second start of the same ledger asked for this window."""
        self.showNormal()
        screen_fit.keep_on_screen(self)  # restored from the taskbar: back inside the screen it is on
        self.raise_()
        self.activateWindow()

    def show_guide(self) -> None:
        from desktop.ui.help_dialog import show_guide  # imported when asked for: not at start-up

        show_guide(self)

    def about(self) -> None:
        """Version, and where the ledger, its backups and the data folder are (with a button to open them)."""
        from desktop.ui.help_dialog import show_about

        show_about(self, self.ctx.reader.path, self.backup_folder())

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        for page in self._pages.values():  # a draft typed in the last seconds (its save timer not yet run)
            save = getattr(page, "save_draft", None)
            if callable(save):
                save()
        self.ctx.worker.wait_idle()  # every write the clerk started is committed before we exit
        super().closeEvent(event)
