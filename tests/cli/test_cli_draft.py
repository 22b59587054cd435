"""Issue 16, fault 3: `thidua report --issue` refuses a report still holding "…" gaps (naming each one, exit 1,
nothing issued or locked) unless `--allow-gaps`; the report's content (sections, Kính gửi, Nơi nhận, date) is set
from a file or options, every bad input refused in Vietnamese with nothing written."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from db.connection import open_ledger
from desktop.core.ledger import setup
from desktop.core.report import narrative
from tests.cli.test_cli import run

GAP = narrative.PLACEHOLDER


def _text(path: Path) -> str:
    pdf = pdfium.PdfDocument(str(path))
    return " ".join(" ".join(unicodedata.normalize("NFC", pdf[i].get_textpage().get_text_range()).split())
                    for i in range(len(pdf)))


def _state(db: Path) -> dict[str, object]:
    """What a refused command must leave as it was: the register, the locks, the draft, the audit trail."""
    conn = sqlite3.connect(db)
    try:
        return {
            "documents": conn.execute("SELECT count(*) FROM documents").fetchone()[0],
            "locks": conn.execute("SELECT count(*) FROM period_locks").fetchone()[0],
            "drafts": conn.execute("SELECT * FROM report_drafts ORDER BY id").fetchall(),
            "audit": conn.execute("SELECT count(*) FROM audit").fetchone()[0],
        }
    finally:
        conn.close()


def _gui_gaps(db: Path, period: str = "2026-H1") -> list[str]:
    led = open_ledger(db)
    try:
        p = narrative.parse_period(led, period)
        return narrative.unfilled(narrative.texts(led, p))
    finally:
        led.close()


def _receiving(db: Path) -> str:
    """The demo unit's "Kính gửi" (Ủy ban nhân dân tỉnh …), read from the ledger: the demo's unit is invented."""
    led = open_ledger(db)
    try:
        return setup.get_unit(led)["receiving_name"]
    finally:
        led.close()


def test_issue_with_gaps_is_refused_naming_each_gap_and_changes_nothing(
        demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _state(demo_path)
    upper = _receiving(demo_path)
    headings = _gui_gaps(demo_path)
    assert headings, "the demo report has gaps"
    out = tmp_path / "bc.pdf"
    code, stdout, err = run(capsys, "--db", str(demo_path), "report", "--period", "2026-H1", "--out", str(out),
                            "--issue")
    assert code == 1 and stdout == ""
    assert err.startswith("Lỗi: Chưa ban hành Báo cáo 6 tháng đầu năm 2026; chưa ghi gì vào sổ.")
    # Every section the GUI flags, each gap with the words around it.
    for heading in headings:
        assert heading in err, heading
    assert f"[lanh_dao]: “Thực hiện Kế hoạch số {GAP} ngày {GAP} của {upper}" in err  # the words around it
    assert f"đã ban hành Kế hoạch số {GAP} ngày {GAP} triển khai" in err
    assert f"[danh_gia]: dòng “{GAP}” sau “2. Tồn tại, hạn chế và nguyên nhân”" in err
    assert f"[danh_gia]: dòng “{GAP}” sau “3. Bài học kinh nghiệm”" in err
    assert f"[de_xuat]: “Đề nghị {upper} {GAP}”" in err
    assert "còn 5 chỗ" in err and "--allow-gaps" in err and "--set-section" in err
    assert not out.exists()
    assert _state(demo_path) == before  # register empty of it, no lock, no draft, no audit row


def test_refused_issue_keeps_even_the_draft_given_with_it(demo_path: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "dx.txt").write_text("Đề nghị hỗ trợ xi măng cho các tuyến hẻm.", encoding="utf-8")
    before = _state(demo_path)
    code, _, err = run(capsys, "--db", str(demo_path), "report", "--period", "2026-H1", "--issue",
                       "--set-section", f"de_xuat={tmp_path / 'dx.txt'}", "--out", str(tmp_path / "bc.pdf"))
    assert code == 1 and "còn 4 chỗ" in err and "[de_xuat]" not in err
    assert _state(demo_path) == before


def test_allow_gaps_issues_and_says_so(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bc.pdf"
    code, stdout, err = run(capsys, "--db", str(demo_path), "report", "--period", "2026-H1", "--out", str(out),
                            "--issue", "--allow-gaps")
    assert code == 0 and "Đã ban hành Báo cáo số 01/BC-UBND" in stdout
    assert "đã ban hành khi còn 5 chỗ" in err
    assert f"Kế hoạch số {GAP} ngày {GAP}" in _text(out)
    state = _state(demo_path)
    assert state["locks"] == 1
    code, _, err = run(capsys, "--db", str(demo_path), "report", "--period", "2026-H1", "--out", str(out),
                       "--allow-gaps")
    assert code == 1 and "--allow-gaps chỉ dùng cùng --issue" in err


def test_a_draft_pdf_lists_the_gaps_on_stderr(demo_path: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(demo_path), "report", "--period", "2026-H1", "--out",
                       str(tmp_path / "bc.pdf"))
    assert code == 0 and "dự thảo còn 5 chỗ" in err and "[danh_gia]" in err


def _fill(data: dict) -> dict:
    s = data["sections"]
    s["lanh_dao"][0] = (s["lanh_dao"][0]
                        .replace(f"Kế hoạch số {GAP} ngày {GAP} của", "Kế hoạch số 120/KH-UBND ngày 15/3/2023 của")
                        .replace(f"Kế hoạch số {GAP} ngày {GAP} triển", "Kế hoạch số 45/KH-UBND ngày 02/4/2023 triển"))
    s["danh_gia"] = [line if line != GAP else "Một số tổ dân phố vận động còn chậm." for line in s["danh_gia"]]
    return data


def test_a_ledger_made_by_init_reaches_an_issued_report_with_the_commands_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "so.sqlite")
    code, _, _ = run(capsys, "--db", db, "init", "--unit-name", "Phường Nguyễn Nghiêm", "--unit-code", "21580",
                     "--province", "Quảng Ngãi", "--user", "Trần Thị Thu Hà")
    assert code == 0
    code, _, err = run(capsys, "--db", db, "report", "--period", "2026-H1", "--out", str(tmp_path / "a.pdf"),
                       "--issue")
    assert code == 1 and "Chưa có tên người ký" in err and "thidua unit --signer-name" in err
    code, out, _ = run(capsys, "--db", db, "unit", "--signer-name", "Lê Văn Bình", "--signer-title", "Phó Chủ tịch",
                       "--sign-mode", "KT", "--place-name", "Phường Nguyễn Nghiêm")
    assert code == 0 and "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Lê Văn Bình" in out
    # Section II.3 is drafted from the movement's indicators (issue 20): typed here, it has no "…" left.
    code, _, err = run(capsys, "--db", db, "indicators", "--period", "2026-H1", "--note", "Sổ theo dõi",
                       *(f"--set={c}" for c in ("chuong_trinh_thtk=1", "dtc_ke_hoach_vnd=2 tỷ",
                                              "dtc_giai_ngan_vnd=1 tỷ", "tiet_kiem_chi_tx_vnd=85.000.000",
                                              "xhh_hop_phap_vnd=0", "cong_trinh_tiet_kiem=0", "cuoc_giam_sat=1")))
    assert code == 0, err
    draft = tmp_path / "noi-dung.json"
    code, _, _ = run(capsys, "--db", db, "report", "--period", "2026-H1", "--export-draft", str(draft))
    assert code == 0
    draft.write_text(json.dumps(_fill(json.loads(draft.read_text(encoding="utf-8"))), ensure_ascii=False),
                     encoding="utf-8")
    (tmp_path / "de-xuat.txt").write_text("\ufeffĐề nghị Ủy ban nhân dân tỉnh hỗ trợ xi măng.\n", encoding="utf-8")
    pdf = tmp_path / "bc.pdf"
    code, out, err = run(capsys, "--db", db, "report", "--period", "2026-H1", "--draft", str(draft),
                         "--set-section", f"de_xuat={tmp_path / 'de-xuat.txt'}", "--date", "30/06/2026",
                         "--recipient", "Ủy ban nhân dân tỉnh Quảng Ngãi", "--cc", "Như trên", "--cc", "Lưu: VT, VHXH",
                         "--out", str(pdf), "--issue")
    assert code == 0, err
    assert "Đã ban hành Báo cáo số 01/BC-UBND ngày 30/06/2026" in out and err == ""
    text = _text(pdf)
    for element in ("Số: 01/BC-UBND", "Kính gửi: Ủy ban nhân dân tỉnh Quảng Ngãi", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                    "Lê Văn Bình", "Kế hoạch số 120/KH-UBND ngày 15/3/2023", "hỗ trợ xi măng", "Lưu: VT, VHXH",
                    "ngày 30 tháng 6 năm 2026"):
        assert element in text, element
    assert GAP not in text and "DỰ THẢO" not in text
    led = open_ledger(Path(db))
    try:
        saved = narrative.load_draft(led, narrative.parse_period(led, "2026-H1"))
    finally:
        led.close()
    # Only what the clerk changed is kept: the sections left as generated keep following the figures.
    assert sorted(saved["sections"]) == ["danh_gia", "de_xuat", "lanh_dao"]
    assert saved["recipients"] == ["Ủy ban nhân dân tỉnh Quảng Ngãi"] and saved["cc"] == ["Như trên", "Lưu: VT, VHXH"]


def test_a_draft_file_loaded_back_unchanged_changes_nothing(demo_path: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    draft = tmp_path / "d.json"
    assert run(capsys, "--db", str(demo_path), "report", "--period", "2026-H1", "--export-draft", str(draft))[0] == 0
    before = _state(demo_path)
    code, _, err = run(capsys, "--db", str(demo_path), "report", "--period", "2026-H1", "--draft", str(draft))
    assert code == 1 and "Chưa có việc gì" in err
    assert _state(demo_path) == before


def test_toml_draft_and_reset_section(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    toml = tmp_path / "d.toml"
    toml.write_text('report_date = "2026-07-05"\n[sections]\nde_xuat = """\nĐề nghị hỗ trợ.\n"""\n', encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(demo_path), "report", "--period", "2026-H1", "--draft", str(toml))
    assert code == 0 and "V. Đề xuất, kiến nghị" in out and "ngày báo cáo 05/07/2026" in out
    code, out, _ = run(capsys, "--db", str(demo_path), "report", "--period", "2026-H1", "--reset-section", "de_xuat")
    assert code == 0 and "về nội dung tự động" in out


def _bad(tmp_path: Path) -> list[tuple[list[str], list[str]]]:
    """(options, words the Vietnamese error must hold) for each bad input."""
    (tmp_path / "latin1.txt").write_bytes("Đề nghị".encode("utf-16"))
    (tmp_path / "broken.json").write_text('{"sections": {"de_xuat": "x",}}', encoding="utf-8")
    (tmp_path / "keys.json").write_text('{"section": {}}', encoding="utf-8")
    (tmp_path / "other.json").write_text('{"period": "2026-H2"}', encoding="utf-8")
    (tmp_path / "empty.json").write_text('{"sections": {"danh_gia": "  "}, "cc": []}', encoding="utf-8")
    (tmp_path / "list.json").write_text('[1, 2]', encoding="utf-8")
    (tmp_path / "ok.txt").write_text("Nội dung.", encoding="utf-8")
    return [
        (["--set-section", f"danh_gia_chung={tmp_path / 'ok.txt'}"],
         ["không có mục \"danh_gia_chung\"", "danh_gia (III. Đánh giá chung)", "lanh_dao", "de_xuat"]),
        (["--set-section", "danh_gia"], ["cần dạng MỤC=TỆP"]),
        (["--set-section", f"danh_gia={tmp_path / 'none.txt'}"], ["Không tìm thấy tệp"]),
        (["--set-section", f"danh_gia={tmp_path / 'latin1.txt'}"], ["không phải văn bản UTF-8"]),
        (["--draft", str(tmp_path / "broken.json")], ["không đúng định dạng JSON", "dòng 1"]),
        (["--draft", str(tmp_path / "keys.json")], ["không có khóa 'section'", "sections"]),
        (["--draft", str(tmp_path / "other.json")], ["kỳ 2026-H2, không phải kỳ 2026-H1"]),
        (["--draft", str(tmp_path / "empty.json")],
         ["mục danh_gia: đang để trống", "\"Nơi nhận\" không được để trống"]),
        (["--draft", str(tmp_path / "list.json")], ["cần một đối tượng"]),
        (["--draft", str(tmp_path / "d.txt")], ["chỉ đọc được tệp .json hoặc .toml"]),
        (["--reset-section", "khong_co"], ["không có mục \"khong_co\""]),
        (["--date", "31/02/2026"], ["--date", "Ngày không hợp lệ"]),
        (["--set-section", f"de_xuat={tmp_path / 'ok.txt'}", "--out", str(tmp_path / "no-folder" / "a.pdf")],
         ["Không có thư mục"]),
    ]


def test_bad_draft_inputs_are_refused_in_vietnamese_and_change_nothing(
        demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _state(demo_path)
    for options, words in _bad(tmp_path):
        code, out, err = run(capsys, "--db", str(demo_path), "report", "--period", "2026-H1", *options, "--issue",
                             "--allow-gaps")
        assert code == 1 and out == "", options
        assert err.startswith("Lỗi: "), options
        for w in words:
            assert w in err, (options, w, err)
        assert _state(demo_path) == before, options


def _docx_text(path: Path) -> str:
    docx = pytest.importorskip("docx")
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def test_out_docx_writes_the_word_copy_of_the_same_document(demo_path: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("desktop.core.pdf.word")
    db = str(demo_path)
    code, _, err = run(capsys, "--db", db, "report", "--period", "2026-H1", "--out", str(tmp_path / "du-thao.docx"))
    assert code == 0, err
    assert (tmp_path / "du-thao.docx").read_bytes()[:2] == b"PK"  # a Word file, not a PDF under a .docx name
    text = _docx_text(tmp_path / "du-thao.docx")
    assert "BÁO CÁO" in text and "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO, TRIỂN KHAI" in text and "Nơi nhận" in text
    code, out, err = run(capsys, "--db", db, "report", "--period", "2026-H1", "--out", str(tmp_path / "bc.docx"),
                         "--issue", "--allow-gaps")
    assert code == 0 and "bản sao để sửa" in out and "--issued --out" in out
    text = _docx_text(tmp_path / "bc.docx")
    assert "Số: 01/BC-UBND" in text and "DỰ THẢO" not in text
    # The frozen PDF stays in the register and comes out with --issued.
    code, out, _ = run(capsys, "--db", db, "report", "--period", "2026-H1", "--issued", "--out",
                       str(tmp_path / "bc.pdf"))
    assert code == 0 and "Báo cáo số 01/BC-UBND" in out
    assert "Số: 01/BC-UBND" in _text(tmp_path / "bc.pdf")
    code, _, err = run(capsys, "--db", db, "notice", "--period", "2026-H1", "--group", "Tổ 3", "--out",
                       str(tmp_path / "ck.docx"))
    assert code == 0, err
    assert "BẢNG CÔNG KHAI" in _docx_text(tmp_path / "ck.docx")


def test_issued_needs_an_issued_report(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(demo_path), "report", "--period", "2026-H1", "--issued", "--out",
                       str(tmp_path / "bc.pdf"))
    assert code == 1 and "chưa ban hành" in err and not (tmp_path / "bc.pdf").exists()


def test_the_trich_yeu_from_a_file_or_option_prints_and_a_gap_in_it_is_refused(
        demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(demo_path)
    code, out, _ = run(capsys, "--db", db, "report", "--period", "2026-H1", "--subject", f"Sơ kết {GAP} năm 2026")
    assert code == 0 and "trích yếu" in out
    code, _, err = run(capsys, "--db", db, "report", "--period", "2026-H1", "--issue", "--out", str(tmp_path / "a.pdf"))
    assert code == 1 and f"Trích yếu: “Sơ kết {GAP} năm 2026”" in err
    draft = tmp_path / "d.json"
    draft.write_text(json.dumps({"subject": "Sơ kết 6 tháng đầu năm 2026 phong trào hạ tầng"}, ensure_ascii=False),
                     encoding="utf-8")
    code, _, err = run(capsys, "--db", db, "report", "--period", "2026-H1", "--draft", str(draft), "--out",
                       str(tmp_path / "b.pdf"))
    assert code == 0 and "Trích yếu" not in err
    assert "Sơ kết 6 tháng đầu năm 2026 phong trào hạ tầng" in _text(tmp_path / "b.pdf")
    code, out, _ = run(capsys, "--db", db, "report", "--period", "2026-H1", "--subject", "")
    assert code == 0 and "về trích yếu mặc định" in out
    code, _, err = run(capsys, "--db", db, "report", "--period", "2026-H1", "--subject", "x" * 600)
    assert code == 1 and "trích yếu dài quá" in err
