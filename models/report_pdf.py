"""The report as PDF, through LibreOffice when it is installed (``soffice --headless``)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from models import i18n
from models.errors import DomainError

i18n.register(
    {
        "field.format": ("Định dạng", "format"),
        "report.pdf.no_soffice": (
            "Không tìm thấy LibreOffice (lệnh soffice) để chuyển báo cáo sang PDF; hãy cài gói"
            " libreoffice-writer-nogui hoặc xuất định dạng docx.",
            "LibreOffice (the soffice command) was not found to convert the report to PDF; install the"
            " libreoffice-writer-nogui package or export the docx format.",
        ),
        "report.pdf.failed": (
            "LibreOffice không chuyển được báo cáo sang PDF: {detail}",
            "LibreOffice could not convert the report to PDF: {detail}",
        ),
    }
)

#: Seconds a conversion may take before it is given up (a first start builds a profile).
TIMEOUT_S = 180


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, pdf: Path, *, force: bool = False) -> None:
    """Convert ``docx`` to ``pdf`` with a private LibreOffice profile (so a running office or
    another conversion does not block this one)."""
    exe = soffice()
    if exe is None:
        raise DomainError("report.pdf.no_soffice", field="format")
    with tempfile.TemporaryDirectory(prefix="giaoban-pdf-") as tmp:
        work = Path(tmp)
        profile = (work / "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(work),
               str(docx)]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as exc:
            raise DomainError("report.pdf.failed", field="format", detail=f"timeout {TIMEOUT_S} s") from exc
        out = work / (docx.stem + ".pdf")
        if done.returncode != 0 or not out.exists():
            detail = (done.stderr or done.stdout or f"exit {done.returncode}").strip()
            raise DomainError("report.pdf.failed", field="format", detail=detail)
        from models.output_file import write_output

        # A new private file, never through a link, replacing one only with force.
        write_output(pdf, lambda fh: fh.write(out.read_bytes()), force=force)
