"""The dashboard's catalogue: every string a screen shows, in Vietnamese and English.

Domain words (statuses, kinds of events, stages, roles, reasons) come from
:mod:`models.i18n`; this catalogue holds the screen's own words. The language is one
process-wide setting, switched by the app (``--lang`` or ``L``); screens re-render on change.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("vi", "en")

_lang = "vi"

CATALOGUE: dict[str, tuple[str, str]] = {
    # The app and its chrome
    "app.loading": ("Đang tải số liệu…", "Loading figures…"),
    "app.updated_at": ("cập nhật lúc {time}", "updated at {time}"),
    "app.stale": ("mất kết nối — số liệu lúc {time}", "connection lost — figures as of {time}"),
    "app.period": ("Kỳ {label}", "Period {label}"),
    "app.tree_day": ("theo tổ chức ngày {day}", "tree of {day}"),
    "app.demo_notice": (
        "Cơ sở dữ liệu mẫu: “{login}” chưa được đăng ký nên chỉ được xem, không ghi (quy tắc riêng của dữ liệu mẫu).",
        "Demo database: '{login}' is not registered, so you may look around but not record (a rule of the demo data only).",
    ),
    "app.refused_title": ("Không mở được bảng số liệu", "The dashboard cannot open"),
    "app.refused_hint": ("Nhấn q để thoát.", "Press q to quit."),
    "app.error": ("Lỗi: {message}", "Error: {message}"),
    "app.unexpected_error": (
        "Lỗi không lường trước ({kind}): {message}. Số liệu đang hiện giữ nguyên.",
        "Unexpected error ({kind}): {message}. The figures on screen are unchanged.",
    ),
    # A first load that failed (tui.screens.startup)
    "startup.title": ("Không mở được bảng số liệu", "The dashboard cannot open"),
    "startup.unexpected": ("Lỗi không lường trước ({kind}): {message}", "Unexpected error ({kind}): {message}"),
    "startup.todo.sqlite": (
        "Kiểm tra đường dẫn tệp trong --db (hoặc GIAOBAN_DATABASE_URL) và quyền đọc tệp và thư mục chứa nó.",
        "Check the file's path in --db (or GIAOBAN_DATABASE_URL) and that the file and its directory may be read.",
    ),
    "startup.todo.create_database": (
        "Kiểm tra tên cơ sở dữ liệu trong --db (hoặc GIAOBAN_DATABASE_URL); nếu chưa có, nhờ quản trị "
        "tạo nó (createdb) rồi chạy “giaoban --db … init”.",
        "Check the database's name in --db (or GIAOBAN_DATABASE_URL); if it does not exist yet, have the "
        "administrator create it (createdb), then run 'giaoban --db … init'.",
    ),
    "startup.todo.server": (
        "Kiểm tra máy chủ PostgreSQL đã chạy, và máy, cổng, người dùng trong --db (hoặc GIAOBAN_DATABASE_URL).",
        "Check that the PostgreSQL server is running, and the host, port and user in --db (or GIAOBAN_DATABASE_URL).",
    ),
    "startup.todo.init": (
        "Quản trị chạy “giaoban --db … init” một lần, rồi mở lại.",
        "Have the administrator run 'giaoban --db … init' once, then open the dashboard again.",
    ),
    "startup.todo.root": (
        "Kiểm tra mã tổ chức trong --root; “giaoban orgs” liệt kê các mã.",
        "Check the organisation code given to --root; 'giaoban orgs' lists the codes.",
    ),
    "startup.todo.url": (
        "Sửa địa chỉ trong --db, GIAOBAN_DATABASE_URL hoặc tệp cấu hình (“giaoban config” cho biết đang dùng gì).",
        "Correct the URL in --db, GIAOBAN_DATABASE_URL or the settings file ('giaoban config' shows what is used).",
    ),
    "startup.todo.config": (
        "Kiểm tra các tham số và cấu hình (“giaoban config”).",
        "Check the options and settings ('giaoban config').",
    ),
    "startup.todo.report": (
        "Ghi lại thông báo này và báo cho người quản trị.",
        "Note this message and tell the administrator.",
    ),
    "startup.retrying": (
        "Đang tự thử lại mỗi {seconds} giây (lần {attempts}); số liệu sẽ hiện khi kết nối được. Nhấn r để thử ngay.",
        "Trying again every {seconds} seconds (attempt {attempts}); the figures appear once it connects. "
        "Press r to try now.",
    ),
    "startup.leave": ("Nhấn q để thoát.", "Press q to quit."),
    "app.language": ("Tiếng Việt", "English"),
    "app.theme": ("Giao diện: {name}", "Theme: {name}"),
    "app.filter_placeholder": ("gõ tên hoặc mã, Enter để giữ, Esc để bỏ", "type a name or code, Enter keeps, Esc clears"),
    "app.reason_banner": ("Vì sao ở đây: {reasons}", "Why it is here: {reasons}"),
    "app.ended_banner": (
        "{name} ({code}) đã kết thúc hoạt động từ ngày {day}, trước kỳ {period}: không có số liệu của kỳ này."
        " Công việc đã chuyển sang: {names}. Hãy chọn tổ chức kế tục hoặc kỳ sớm hơn.",
        "{name} ({code}) ended on {day}, before the period {period}: it has no figures for it."
        " Its work went to: {names}. Choose a successor or an earlier period.",
    ),
    "app.ended_banner_alone": (
        "{name} ({code}) đã kết thúc hoạt động từ ngày {day}, trước kỳ {period}: không có số liệu của kỳ này,"
        " và không có tổ chức kế tục được ghi nhận. Hãy chọn kỳ sớm hơn.",
        "{name} ({code}) ended on {day}, before the period {period}: it has no figures for it, and no"
        " successor is recorded. Choose an earlier period.",
    ),
    "cell.flagged": ("Tổ chức đảng cần lưu ý: {reasons}", "Needs attention: {reasons}"),
    "app.breadcrumb_sep": (" › ", " › "),
    # Bindings: descriptions (help, footer, palette)
    "key.quit": ("Thoát", "Quit"),
    "key.help": ("Phím tắt", "Keys"),
    "key.palette": ("Lệnh", "Commands"),
    "key.back": ("Quay lại", "Back"),
    "key.open": ("Mở", "Open"),
    "key.filter": ("Lọc", "Filter"),
    "key.filter_clear": ("Bỏ lọc", "Clear the filter"),
    "key.sort": ("Sắp xếp", "Sort"),
    "key.makeup": ("Cơ cấu/thống kê", "Make-up/statistics"),
    "key.down": ("Xuống", "Down"),
    "key.up": ("Lên", "Up"),
    "key.prev_period": ("Kỳ trước", "Previous period"),
    "key.next_period": ("Kỳ sau", "Next period"),
    "key.pick_period": ("Chọn kỳ", "Choose period"),
    "key.theme": ("Đổi giao diện", "Next theme"),
    "key.language": ("Đổi ngôn ngữ (English)", "Switch language (Tiếng Việt)"),
    "key.refresh": ("Tải lại", "Refresh"),
    "key.present": ("Trình chiếu", "Present"),
    "key.slide_next": ("Trang sau", "Next slide"),
    "key.slide_previous": ("Trang trước", "Previous slide"),
    "key.slide_goto": ("Đến trang {n}", "Go to slide {n}"),
    "key.slide_drill": ("Mở màn hình chi tiết của trang này", "Open this slide's screen"),
    "key.slide_auto": ("Bật/tắt tự chuyển trang", "Auto-advance on/off"),
    "key.slide_leave": ("Thoát trình chiếu", "Leave the presentation"),
    "key.record": ("Ghi sự kiện (kết nạp, chuyển, xóa tên…)", "Record an event (admission, transfer, removal…)"),
    "key.audit": ("Nhật ký thao tác", "Audit log"),
    "key.form_next": ("Trường sau", "Next field"),
    "key.form_previous": ("Trường trước", "Previous field"),
    "key.form_proceed": ("Kiểm tra rồi xác nhận", "Check, then confirm"),
    "key.form_cancel": ("Hủy, không ghi", "Cancel, write nothing"),
    "key.confirm_yes": ("Ghi vào sổ", "Write it"),
    "key.confirm_no": ("Quay lại sửa", "Back to the form"),
    "key.audit_next": ("Trang cũ hơn", "Older page"),
    "key.audit_previous": ("Trang mới hơn", "Newer page"),
    "key.audit_reads": ("Ẩn/hiện lượt xem", "Hide/show reads"),
    # Presentation mode
    "present.slide.1": ("Kết nạp đảng viên so với chỉ tiêu", "Admissions against target"),
    "present.slide.2": ("Tỷ lệ đạt chỉ tiêu của từng đơn vị", "Attainment of each organisation"),
    "present.slide.3": ("Xóa tên, xin ra khỏi Đảng theo năm", "Removals and leaves by year"),
    "present.slide.4": ("Tổ chức đảng cần lưu ý và lý do cảnh báo", "Organisations to watch and why"),
    "present.slide.5": ("Nguồn phát triển so với chỉ tiêu còn lại", "Pipeline against the rest of the target"),
    "present.slide.6": ("Quy định 213 và đảng viên đi làm ăn xa", "Regulation 213 and members working far away"),
    "present.attainment_pct": ("Tỷ lệ đạt (%)", "Attainment (%)"),
    "present.none_behind": ("không có đơn vị nào", "none"),
    "present.behind_count": ("{n} trên {total} đơn vị có chỉ tiêu", "{n} of {total} organisations with a target"),
    "present.no_targets": ("Chưa có đơn vị nào được giao chỉ tiêu.", "No organisation has a target."),
    "present.of_links": ("trên {n} đảng viên phải giữ liên hệ", "of {n} members who must keep contact"),
    "present.more": ("… và {n} nơi khác", "… and {n} more"),
    "present.more_rows": ("… và {n} dòng nữa", "… and {n} more rows"),
    "present.no_problems": ("Không có tổ chức đảng nào cần lưu ý.", "No organisation needs attention."),
    "present.coverage": ("nguồn bằng {pct} chỉ tiêu còn lại", "candidates cover {pct} of it"),
    "present.trend.up": ("▲ tăng", "▲ up"),
    "present.trend.down": ("▼ giảm", "▼ down"),
    "present.trend.flat": ("= không đổi", "= unchanged"),
    "present.auto_on": ("Tự chuyển trang sau {seconds} giây", "Next slide every {seconds} seconds"),
    "present.auto_off": ("Đã tắt tự chuyển trang", "Auto-advance off"),
    "present.auto_caption": ("tự chuyển {seconds}s", "auto {seconds}s"),
    "present.keys": ("←/→ trang · 1–8 · ↵ chi tiết · a tự chuyển · Esc thoát", "←/→ slides · 1–8 · ↵ details · a auto · Esc leave"),
    "key.section": ("Mục {n}: {name}", "Section {n}: {name}"),
    "palette.placeholder": ("Tìm lệnh hoặc tổ chức…", "Search for commands or organisations…"),
    "palette.goto": ("Đến: {name} ({code})", "Go to: {name} ({code})"),
    "palette.goto_help": ("Mở tổng quan của tổ chức này", "Open this organisation's overview"),
    # Headline figures
    "kpi.admitted": ("Kết nạp", "Admitted"),
    "kpi.target": ("Chỉ tiêu", "Target"),
    "kpi.attainment": ("Đạt", "Attainment"),
    "kpi.members": ("Đảng viên", "Members"),
    "kpi.removed": ("Xóa tên", "Removed"),
    "kpi.left": ("Xin ra", "Left"),
    "kpi.problems": ("Tổ chức đảng cần lưu ý", "Organisations to watch"),
    "kpi.women": ("Nữ", "Women"),
    "kpi.youth": ("Đoàn viên Đoàn TNCS Hồ Chí Minh", "Youth Union"),
    "kpi.recommended": ("Đoàn thể giới thiệu", "Recommended"),
    "kpi.occasion": ("Kết nạp dịp lễ", "On occasions"),
    "kpi.aged_18_30": ("Tuổi 18–30", "Aged 18–30"),
    "kpi.composition": ("Thành phần", "Composition"),
    # Children table
    "col.org": ("Tổ chức", "Organisation"),
    "col.members": ("ĐV", "Memb."),
    "col.target": ("C.tiêu", "Target"),
    "col.admitted": ("K.nạp", "Admit."),
    "col.attainment": ("Đạt %", "Att. %"),
    "col.pace": ("Tiến độ", "Pace"),
    "col.removed": ("Xóa", "Rem."),
    "col.left": ("Ra", "Left"),
    "col.ready": ("Nguồn", "Ready"),
    "col.status": ("Tình trạng", "Status"),
    "col.problems": ("Vấn đề", "Issues"),
    "col.name": ("Họ tên", "Name"),
    "col.sex": ("Giới", "Sex"),
    "col.born": ("Sinh", "Born"),
    "col.joined": ("Kết nạp / chuyển đến", "Joined"),
    "col.member_status": ("Trạng thái", "Status"),
    "col.flags": ("Ghi chú", "Flags"),
    "col.date": ("Ngày", "Date"),
    "col.event": ("Sự kiện", "Event"),
    "col.where": ("Nơi", "Where"),
    "col.decision": ("Quyết định", "Decision"),
    "col.detail": ("Chi tiết", "Detail"),
    "col.severity": ("Mức", "Level"),
    "col.path": ("Thuộc", "Under"),
    "col.reasons": ("Lý do cảnh báo", "Reasons"),
    "col.year": ("Năm", "Year"),
    "col.figure": ("Chỉ số", "Figure"),
    "col.value": ("Giá trị", "Value"),
    "col.now": ("Kỳ này", "This period"),
    "col.before": ("Kỳ trước", "Previous"),
    "col.start": ("Đầu năm", "Start"),
    "col.end": ("Cuối năm", "End"),
    "col.transfers_in": ("Chuyển đến", "In"),
    "col.transfers_out": ("Chuyển đi", "Out"),
    "col.expelled": ("Khai trừ", "Expelled"),
    "col.died": ("Từ trần", "Died"),
    "status.symbol.met": ("✓", "✓"),
    "status.symbol.on_pace": ("●", "●"),
    "status.symbol.behind": ("▼", "▼"),
    "status.symbol.no_target": ("–", "–"),
    "pace.ahead": ("▲ vượt {n}", "▲ +{n}"),
    "pace.behind": ("▼ thiếu {n}", "▼ −{n}"),
    "pace.even": ("= đúng", "= even"),
    "pace.closed": ("", ""),
    "flag.far_away": ("làm ăn xa", "far away"),
    "flag.exempt": ("tạm miễn", "exempt"),
    "flag.r213_ok": ("QĐ213 đủ", "R213 ok"),
    "flag.r213_not_registered": ("QĐ213 chưa đăng ký", "R213 not registered"),
    "flag.r213_comments_missing": ("QĐ213 thiếu nhận xét", "R213 comments missing"),
    "severity.1": ("thấp", "low"),
    "severity.2": ("vừa", "medium"),
    "severity.3": ("cao", "high"),
    # Screens
    "screen.problems": ("Tổ chức đảng cần lưu ý", "Organisations to watch"),
    "screen.help": ("Phím tắt của màn hình này", "Keys of this screen"),
    "screen.period": ("Chọn kỳ báo cáo", "Choose a period"),
    "help.close": ("Esc hoặc ? để đóng", "Esc or ? closes"),
    "help.key": ("Phím", "Key"),
    "help.action": ("Việc", "Action"),
    "member.header": (
        "{name} · {sex} · sinh {born} · kết nạp {joined} · {status}",
        "{name} · {sex} · born {born} · joined {joined} · {status}",
    ),
    "member.header_transferred": (
        "{name} · {sex} · sinh {born} · chuyển sinh hoạt đến {joined} · {status}",
        "{name} · {sex} · born {born} · transferred in {joined} · {status}",
    ),
    "cell.transferred_in_on": ("chuyển sinh hoạt đến {day}", "transferred in {day}"),
    "member.no_events": ("Chưa có sự kiện nào.", "No events yet."),
    "cell.no_members": ("Chi bộ chưa có đảng viên nào.", "The cell has no members."),
    "problems.none": ("Không có tổ chức đảng nào cần lưu ý trong kỳ này.", "No organisation needs attention in this period."),
    "problems.count": ("{n} tổ chức đảng cần lưu ý", "{n} organisations need attention"),
    # Sections
    "section.1": ("Kết nạp", "Admissions"),
    "section.2": ("Xóa tên, xin ra", "Removals and leaves"),
    "section.3": ("Nguồn phát triển", "Pipeline"),
    "section.4": ("QĐ 213, làm ăn xa", "Reg. 213, far away"),
    "section.5": ("Cần lưu ý", "Needs attention"),
    "sec.pipeline.valid": ("Giấy chứng nhận còn hạn", "Valid certificates"),
    "sec.pipeline.expiring": ("Hết hạn trong năm", "Expiring this year"),
    "sec.pipeline.remaining": ("Chỉ tiêu còn lại trong năm", "Rest of the year's target"),
    "sec.pipeline.coverage": ("Nguồn / chỉ tiêu còn lại", "Candidates / rest of target"),
    "sec.r213.year": ("Năm đánh giá", "Rating year"),
    "sec.r213.links": ("Đảng viên phải giữ liên hệ", "Members who must keep contact"),
    "sec.r213.exempt": ("Được miễn", "Exempt"),
    "sec.r213.registered": ("Đã đăng ký nơi cư trú", "Registered at residence"),
    "sec.r213.requested": ("Đã gửi phiếu xin ý kiến", "Comments requested"),
    "sec.r213.returned": ("Đã có nhận xét", "Comments returned"),
    "sec.r213.missing": ("Còn thiếu nhận xét", "Comments missing"),
    "sec.far.away": ("Đang đi làm ăn xa", "Working far away"),
    "sec.far.no_contact": ("Không liên hệ", "Without contact"),
    "sec.removal_ground": ("Xóa tên theo lý do", "Removals by ground"),
    # Charts
    "chart.admissions_by_child": ("% chỉ tiêu kết nạp (▼ chưa đạt)", "% of admission target (▼ behind)"),
    "chart.trend": ("Kết nạp và chỉ tiêu theo năm", "Admissions and targets by year"),
    "chart.flows": ("Xóa tên và xin ra theo năm", "Removals and leaves by year"),
    "chart.composition": ("Thành phần so với kỳ trước", "Composition against the previous period"),
    "chart.pipeline": ("Nguồn theo giai đoạn", "Candidates by stage"),
    "chart.r213": ("Quy định 213", "Regulation 213"),
    "chart.problem_rules": ("Số tổ chức đảng cần lưu ý theo từng lý do cảnh báo", "Organisations flagged by each rule"),
    "chart.no_data": ("Chưa có số liệu để vẽ", "No data to draw"),
    "chart.all_zero": ("Tất cả đều bằng 0", "All values are zero"),
    "chart.more": ("… còn {n} mục không đủ chỗ: {names}", "… {n} more without room: {names}"),
    "chart.series.admitted": ("Kết nạp", "Admitted"),
    "chart.series.target": ("Chỉ tiêu", "Target"),
    "chart.series.removed": ("Xóa tên", "Removed"),
    "chart.series.left": ("Xin ra", "Left"),
    "chart.series.now": ("Kỳ này", "This period"),
    "chart.series.before": ("Kỳ trước", "Previous"),
    "chart.series.count": ("Số", "Count"),
    "chart.series.attainment": ("Đạt %", "Attained %"),
    # Recording forms
    "form.choose": ("Ghi sự kiện gì?", "What to record?"),
    "form.nothing_here": (
        "Ở đây không có gì để ghi: hãy đứng trên một chi bộ hoặc một đảng viên.",
        "Nothing to record here: put the cursor on a cell or a member.",
    ),
    "form.admission": ("Kết nạp đảng viên", "Admission"),
    "form.recognition": ("Công nhận đảng viên chính thức", "Recognition as an official member"),
    "form.removal": ("Xóa tên đảng viên", "Removal from the rolls"),
    "form.leave": ("Xin ra khỏi Đảng", "Leave on request"),
    "form.death": ("Đảng viên từ trần", "Death of a member"),
    "form.transfer": ("Chuyển sinh hoạt đảng đi", "Transfer out"),
    "form.transfer_in": ("Chuyển sinh hoạt đến từ nơi khác", "Transfer in from outside"),
    "form.target": ("Chỉ tiêu kết nạp năm", "Yearly admission target"),
    "form.candidate": ("Thêm quần chúng ưu tú (nguồn phát triển)", "New candidate (pipeline)"),
    "form.candidate_stage": ("Chuyển bước quần chúng ưu tú", "Candidate's next stage"),
    "form.r213_link": ("Quy định 213: bắt đầu theo dõi nơi cư trú", "Regulation 213: start a residence link"),
    "form.r213_event": ("Quy định 213: ghi việc của liên hệ nơi cư trú", "Regulation 213: event on a residence link"),
    "form.about_member": ("Đảng viên: {name} (mã số {id})", "Member: {name} (id {id})"),
    "form.about_org": ("Tổ chức: {name} ({code})", "Organisation: {name} ({code})"),
    "form.field.org": ("Mã tổ chức (chi bộ)", "Organisation code (cell)"),
    "form.field.date": ("Ngày (dd/mm/yyyy)", "Date (dd/mm/yyyy)"),
    "form.field.admission_date": ("Ngày kết nạp (ngày làm lễ, dd/mm/yyyy)", "Admission date (the ceremony, dd/mm/yyyy)"),
    "form.field.decision_no": ("Số quyết định", "Decision number"),
    "form.field.decided_by": ("Cấp ra quyết định", "Decided by"),
    "form.field.note": ("Ghi chú", "Note"),
    "form.field.full_name": ("Họ và tên", "Full name"),
    "form.field.sex": ("Giới tính", "Sex"),
    "form.field.birth_date": ("Ngày sinh (dd/mm/yyyy)", "Birth date (dd/mm/yyyy)"),
    "form.field.youth_union": ("Là đoàn viên Đoàn TNCS Hồ Chí Minh", "Youth Union member"),
    "form.field.recommended_by": ("Đoàn thể giới thiệu", "Recommended by"),
    "form.field.occasion": ("Dịp kết nạp", "Occasion"),
    "form.field.ethnicity": ("Dân tộc", "Ethnicity"),
    "form.field.religion": ("Tôn giáo", "Religion"),
    "form.field.education_level": ("Giáo dục phổ thông", "General education"),
    "form.field.professional_level": ("Chuyên môn", "Professional level"),
    "form.field.theory_level": ("Lý luận chính trị", "Political theory"),
    "form.member_makeup": ("Cơ cấu: tôn giáo, trình độ", "Make-up: religion, levels"),
    "form.field.resolution_date": (
        "Ngày chi bộ có nghị quyết đề nghị kết nạp (dd/mm/yyyy)", "Date of the cell's resolution to admit (dd/mm/yyyy)"
    ),
    "form.field.decision_date": ("Ngày có quyết định kết nạp (dd/mm/yyyy)", "Date of the admission decision (dd/mm/yyyy)"),
    "form.field.over_age_decision": ("Quyết định kết nạp người trên 60 tuổi (số)", "Decision to admit someone over 60 (number)"),
    "form.field.transfer_reason": ("Lý do chuyển tạm thời", "Reason for the temporary transfer"),
    "form.field.ground": ("Lý do xóa tên", "Ground for removal"),
    "form.field.scope": ("Hình thức chuyển", "Kind of transfer"),
    "form.field.to": ("Mã chi bộ nơi đến (trong hệ thống)", "Code of the receiving cell (in the database)"),
    "form.field.to_outside": ("Hoặc tên nơi đến ngoài hệ thống", "Or the name of a receiving organisation outside"),
    "form.field.ends_on": ("Ngày hết hạn chuyển tạm thời (dd/mm/yyyy)", "End of the temporary transfer (dd/mm/yyyy)"),
    "form.field.standing": ("Là đảng viên", "Comes as"),
    "form.field.probation_since": ("Ngày bắt đầu dự bị (dd/mm/yyyy)", "Probation began on (dd/mm/yyyy)"),
    "form.field.admission_decision": ("Số quyết định kết nạp, cơ quan ban hành", "Admission decision, issued by"),
    "form.field.from_outside": ("Nơi chuyển đến từ (ngoài hệ thống)", "Coming from (outside the database)"),
    "form.field.year": ("Năm", "Year"),
    "form.field.target": ("Chỉ tiêu kết nạp", "Admission target"),
    "form.field.source": ("Nguồn giới thiệu", "Source"),
    "form.field.candidate": ("Quần chúng ưu tú", "Candidate"),
    "form.field.stage": ("Bước mới", "New stage"),
    "form.field.residence": ("Mã tổ chức đảng nơi cư trú", "Code of the residence Party organisation"),
    "form.field.link": ("Liên hệ nơi cư trú", "Residence link"),
    "form.field.r213_kind": ("Việc", "Event"),
    "form.field.rating_year": ("Năm nhận xét", "Rating year"),
    "form.hint.org": ("Điền sẵn chi bộ đang chọn.", "Filled in with the cell the cursor was on."),
    "form.hint.occasion": (
        "Để trống: tự lấy dịp lễ trùng ngày kết nạp (nếu có).",
        "Leave empty: the holiday on the admission date, if any, is used.",
    ),
    "form.hint.over_age_decision": (
        "Chỉ khi trên 60 tuổi vào ngày chi bộ xét kết nạp.", "Only when over 60 on the day the cell resolved to admit."
    ),
    "form.hint.probation_since": ("Ngày lễ kết nạp ở nơi đi; công nhận chính thức sau 12 tháng dự bị.",
                                  "The admission ceremony elsewhere; recognition after the 12 months of probation."),
    "form.hint.to": ("Chỉ ghi một trong hai: mã chi bộ hoặc tên nơi ngoài.", "Give one of the two: a cell code or an outside name."),
    "form.hint.residence": ("Ví dụ: mã chi bộ ấp nơi đảng viên cư trú.", "E.g. the code of the hamlet cell where the member lives."),
    "form.hint.rating_year": ("Chỉ cho phiếu xin ý kiến và nhận xét.", "Only for comment requests and returned comments."),
    "form.standing.official": ("Đảng viên chính thức", "Official member"),
    "form.standing.probationary": ("Đảng viên dự bị (kết nạp ở nơi đi)", "Probationary member (admitted elsewhere)"),
    "form.scope.permanent": ("Chính thức", "Permanent"),
    "form.scope.temporary": ("Tạm thời", "Temporary"),
    "form.candidate_option": ("{name} — {stage} từ {since}", "{name} — {stage} since {since}"),
    "form.link_option": ("{name} ({code}) từ {since}", "{name} ({code}) since {since}"),
    "form.select_prompt": ("— chọn —", "— choose —"),
    # Meetings, dues and conclusions (issue 17)
    "form.meeting": ("Họp chi bộ (ghi người vắng)", "Cell meeting (who was absent)"),
    "form.dues": ("Khóa sổ đảng phí tháng", "Close a month's dues book"),
    "form.member_rating": ("Xếp loại chất lượng đảng viên", "Member's quality rating"),
    "form.org_rating": ("Xếp loại chất lượng tổ chức đảng", "Organisation's quality rating"),
    "form.discipline": ("Kỷ luật đảng viên (khiển trách, cảnh cáo, cách chức)", "Discipline (reprimand, warning, dismissal)"),
    "form.card": ("Cấp thẻ đảng viên", "Party card issued"),
    "form.field.card_no": ("Số thẻ đảng viên", "Card number"),
    "form.field.card_date": ("Ngày cấp thẻ (dd/mm/yyyy)", "Day the card was issued (dd/mm/yyyy)"),
    "form.field.rated_year": ("Năm xếp loại", "Year rated"),
    "form.field.rating": ("Mức xếp loại", "Rating"),
    "form.field.rated_org": ("Tổ chức được xếp loại", "Organisation rated"),
    "form.field.discipline_kind": ("Hình thức kỷ luật", "Measure"),
    "form.conclusion": ("Kết luận giao ban", "Briefing conclusion"),
    "form.conclusion_close": ("Đóng kết luận (có ghi chú)", "Close a conclusion (with a note)"),
    "form.field.meeting_date": ("Ngày họp (dd/mm/yyyy)", "Meeting date (dd/mm/yyyy)"),
    "form.field.absent": ("Vắng không lý do (mã đảng viên)", "Absent without reason (member ids)"),
    "form.field.excused": ("Vắng có lý do (mã đảng viên)", "Absent with a reason (member ids)"),
    "form.field.month": ("Tháng (mm/yyyy)", "Month (mm/yyyy)"),
    "form.field.unpaid": ("Chưa đóng đảng phí (mã đảng viên)", "Did not pay (member ids)"),
    "form.field.responsible": ("Mã tổ chức thực hiện", "Code of the organisation responsible"),
    "form.field.conclusion_text": ("Nội dung kết luận", "The conclusion"),
    "form.field.due": ("Hạn (dd/mm/yyyy)", "Deadline (dd/mm/yyyy)"),
    "form.field.briefing": ("Ngày giao ban (dd/mm/yyyy)", "Briefing date (dd/mm/yyyy)"),
    "form.field.condition": ("Điều kiện đo được (không bắt buộc)", "Measurable condition (optional)"),
    "form.field.count": ("Số đảng viên kết nạp ít nhất", "At least this many admitted"),
    "form.field.years": ("Năm (vd 2023 hoặc 2023-2024)", "Years (e.g. 2023 or 2023-2024)"),
    "form.field.closing_note": ("Ghi chú kết quả", "What was done"),
    "form.hint.ids": ("Mã đảng viên, cách nhau bằng dấu phẩy; người không ghi là có mặt/đã đóng.",
                      "Member ids separated by commas; everyone not listed attended/paid."),
    "form.hint.years": ("Bỏ trống: từ năm giao ban đến năm của hạn.", "Blank: from the briefing's year to the deadline's."),
    "form.about_conclusion": ("Kết luận {id}: {text}", "Conclusion {id}: {text}"),
    "form.bad_month": ("“{text}” không phải tháng dạng mm/yyyy.", "'{text}' is not a month as mm/yyyy."),
    "form.bad_ids": ("“{text}” không phải mã đảng viên (số nguyên).", "'{text}' is not a member id (a whole number)."),
    "form.month_placeholder": ("mm/yyyy", "mm/yyyy"),
    "screen.warnings": ("Nguy cơ xóa tên", "At risk of removal"),
    "member.warning": ("Cảnh báo xóa tên", "Removal warning"),
    "present.slide.7": ("Đảng viên có nguy cơ bị xóa tên", "Members at risk of removal"),
    "present.slide.8": ("Thực hiện kết luận kỳ trước", "Conclusions of the last briefing"),
    "present.at_risk": ("Có nguy cơ bị xóa tên", "At risk of removal"),
    "present.flagged": ("Đến ngưỡng xóa tên", "At the threshold"),
    "present.col.at_risk": ("Có nguy cơ", "At risk"),
    "present.col.flagged": ("Đến ngưỡng", "Threshold"),
    "present.col.missed": ("Bỏ sinh hoạt", "Missed meetings"),
    "present.col.unpaid": ("Không đóng đảng phí", "Unpaid dues"),
    "screen.conclusions": ("Thực hiện kết luận kỳ trước", "Conclusions of the last briefing"),
    "section.6": ("Nguy cơ xóa tên", "At risk of removal"),
    "section.7": ("Kết luận kỳ trước", "Last conclusions"),
    # The statistical report of members (section 8, issue 18: tui/screens/statistics.py)
    "section.8": ("Thống kê đảng viên", "Member statistics"),
    "screen.statistics": ("Thống kê đảng viên", "Member statistics"),
    "stat.heading": ("Báo cáo thống kê đảng viên từ {start} đến {end}", "Statistical report of members from {start} to {end}"),
    "col.stat.start": ("Đầu kỳ", "Start"),
    "col.stat.admitted": ("Kết nạp", "Admitted"),
    "col.stat.recognised": ("Công nhận", "Recognised"),
    "col.stat.transfer_in": ("Chuyển đến", "In"),
    "col.stat.transfer_out": ("Chuyển đi", "Out"),
    "col.stat.removed": ("Xóa tên", "Removed"),
    "col.stat.left": ("Xin ra", "Left"),
    "col.stat.expelled": ("Khai trừ", "Expelled"),
    "col.stat.died": ("Từ trần", "Died"),
    "col.stat.end": ("Cuối kỳ", "End"),
    "col.stat.probationary": ("Dự bị", "Prob."),
    "col.stat.official": ("Chính thức", "Official"),
    "stat.books.probationary": ("Dự bị: đầu kỳ {start}, kết nạp {admitted}, chuyển đến {into}, ra {out},"
                                " được công nhận chính thức {recognised}, cuối kỳ {end}.",
                                "Probationary: start {start}, admitted {admitted}, in {into}, out {out},"
                                " recognised {recognised}, end {end}."),
    "stat.books.official": ("Chính thức: đầu kỳ {start}, công nhận {recognised}, chuyển đến {into}, ra {out}, cuối kỳ {end}.",
                            "Official: start {start}, recognised {recognised}, in {into}, out {out}, end {end}."),
    "stat.transfers": ("Chuyển sinh hoạt chính thức: đến {in_within} trong đảng bộ, {in_outside} từ nơi khác; đi {out_within} trong"
                       " đảng bộ, {out_outside} đến nơi khác. Tạm thời: đến {temp_in}, đi {temp_out}.",
                       "Permanent transfers: in {in_within} within, {in_outside} from outside; out {out_within} within,"
                       " {out_outside} to outside. Temporary: in {temp_in}, out {temp_out}."),
    "stat.discipline": ("Kỷ luật: {list}.", "Discipline: {list}."),
    "stat.discipline.reprimand": ("khiển trách {n}", "reprimand {n}"),
    "stat.discipline.warning": ("cảnh cáo {n}", "warning {n}"),
    "stat.discipline.dismissal": ("cách chức {n}", "dismissal {n}"),
    "stat.discipline.expulsion": ("khai trừ {n}", "expulsion {n}"),
    "stat.badges": ("Huy hiệu Đảng trong kỳ: {list}.", "Party badges in the period: {list}."),
    "stat.badge": ("{years} năm tuổi đảng {n}", "{years} years {n}"),
    "stat.badges.none": ("Không có đảng viên đến mốc Huy hiệu Đảng trong kỳ.", "No member reaches a badge milestone in the period."),
    "stat.cards": ("Thẻ đảng viên: cấp trong kỳ {issued}; đảng viên chính thức chờ cấp thẻ cuối kỳ {awaiting}.",
                   "Party cards: {issued} issued in the period; {awaiting} official members awaiting one at its end."),
    "stat.cards.wait": ("Lâu nhất đã chờ {days} ngày.", "The longest has waited {days} days."),
    "stat.ratings": ("Xếp loại năm {year}: đảng viên {members}; tổ chức đảng {orgs}.",
                     "Ratings of {year}: members {members}; organisations {orgs}."),
    "stat.ratings.twice": ("{n} đảng viên 2 năm liền không hoàn thành nhiệm vụ (chi bộ xem xét theo quy định xóa tên).",
                           "{n} members rated not completed two years running (for the cell to consider under the removal rules)."),
    "stat.ratings.none": ("Chưa có xếp loại chất lượng.", "No quality rating recorded."),
    "stat.rating.excellent": ("xuất sắc {n}", "excellent {n}"),
    "stat.rating.good": ("tốt {n}", "good {n}"),
    "stat.rating.completed": ("hoàn thành {n}", "completed {n}"),
    "stat.rating.not_completed": ("không hoàn thành {n}", "not completed {n}"),
    "stat.previous": ("Cùng kỳ năm trước ({start_day}–{end_day}): đầu kỳ {start}, kết nạp {admitted}, ra khỏi danh sách {out},"
                      " cuối kỳ {end}.",
                      "Same days last year ({start_day}–{end_day}): start {start}, admitted {admitted}, off the rolls {out},"
                      " end {end}."),
    "col.level": ("Mức", "Level"),
    "col.warning_reason": ("Lý do", "Reason"),
    "col.months": ("Các tháng", "Months"),
    "col.conclusion": ("Kết luận", "Conclusion"),
    "col.due": ("Hạn", "Due"),
    "col.progress": ("Kết quả", "Progress"),
    "col.at_risk": ("Nguy cơ xóa tên", "At risk"),
    "warnings.count": ("{n} đảng viên có nguy cơ bị xóa tên ({flagged} đến ngưỡng xóa tên)",
                       "{n} member(s) at risk of removal ({flagged} at the threshold)"),
    "warnings.none": ("Không có đảng viên nào có nguy cơ bị xóa tên.", "No member is at risk of removal."),
    "warnings.problem_line": ("⚠ {n} đảng viên có nguy cơ bị xóa tên — phím 6 để xem", "⚠ {n} member(s) at risk of removal — press 6"),
    "conclusions.count": ("{total} kết luận: {done} đã thực hiện, {open} đang thực hiện, {overdue} quá hạn",
                          "{total} conclusions: {done} done, {open} in progress, {overdue} overdue"),
    "conclusions.none": ("Chưa có kết luận giao ban nào.", "No briefing conclusions yet."),
    "conclusions.detail": ("Giao ban {briefing} — {org}: {text} (hạn {due}). {progress}",
                           "Briefing of {briefing} — {org}: {text} (due {due}). {progress}"),
    "form.date_placeholder": ("dd/mm/yyyy", "dd/mm/yyyy"),
    "form.none_to_pick": ("Không có gì để chọn.", "Nothing to choose from."),
    "form.checking": ("Đang kiểm tra theo quy định…", "Checking against the rules…"),
    "form.writing": ("Đang ghi…", "Writing…"),
    "form.yes": ("Có", "Yes"),
    "form.no": ("Không", "No"),
    "form.bad_date": (
        "Ngày “{text}” không đúng dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 26/03/2023.",
        "The date '{text}' is not written as day/month/year (dd/mm/yyyy), e.g. 26/03/2023.",
    ),
    "form.no_such_date": ("Không có ngày “{text}” trong lịch.", "There is no such day as '{text}'."),
    "form.bad_number": ("“{text}” không phải là số nguyên.", "'{text}' is not a whole number."),
    "form.required": ("Chưa ghi trường bắt buộc này.", "This field is required."),
    "form.confirm_title": ("Xác nhận: {title}", "Confirm: {title}"),
    "form.recorded": ("Đã ghi", "Recorded"),
    "form.confirm_question": ("Ghi những thông tin này vào sổ?", "Write this into the books?"),
    # The audit log
    "screen.audit": ("Nhật ký thao tác", "Audit log"),
    "col.at": ("Lúc", "When"),
    "col.who": ("Ai", "Who"),
    "col.action": ("Việc", "Action"),
    "col.outcome": ("Kết quả", "Outcome"),
    "col.audit_target": ("Đối tượng", "Target"),
    "audit.page": ("Mục {first}–{last} trong {total}, mới nhất trước", "Entries {first}–{last} of {total}, newest first"),
    "audit.view.all": (" · tất cả, kể cả lượt xem", " · everything, reads included"),
    "audit.view.writes": (" · chỉ ghi và từ chối, không có lượt xem", " · writes and refusals only, no reads"),
    "audit.matching": (" · khớp “{text}”", " · matching “{text}”"),
    "audit.no_match": ("Không có mục nào", "No entries"),
    "audit.more": (" · > trang cũ hơn", " · > older entries"),
    "audit.empty": ("Nhật ký chưa có mục nào.", "The audit log is empty."),
    "audit.entry": ("Mục nhật ký số {id}", "Audit entry {id}"),
    "audit.when_who": ("{at} · {login}{acting} · {action} · {outcome}", "{at} · {login}{acting} · {action} · {outcome}"),
    "audit.acting_as": (" (thay {user})", " (as {user})"),
    "audit.target": ("Đối tượng: {target} · Tổ chức: {org}", "Target: {target} · Organisation: {org}"),
    "audit.message": ("Lời nhắn: {message}", "Message: {message}"),
    "audit.before": ("Trước", "Before"),
    "audit.after": ("Sau", "After"),
    "audit.other": ("Chi tiết khác", "Other details"),
    "audit.nothing": ("(không có)", "(none)"),
    # Period picker
    "period.prompt": ("Gõ một năm (2023), khoảng năm (2020-2022), quý (2026-Q3) hoặc 6 tháng (2026-H1):",
                      "Type a year (2023), a range (2020-2022), a quarter (2026-Q3) or a half (2026-H1):"),
    "period.this_quarter": ("Quý này ({label})", "This quarter ({label})"),
    "period.last_quarter": ("Quý trước ({label})", "Last quarter ({label})"),
    "period.this_half": ("6 tháng này ({label})", "This half-year ({label})"),
    "period.last_half": ("6 tháng trước ({label})", "Last half-year ({label})"),
    "period.part_years": ("{label} (số liệu năm {years})", "{label} (figures of {years})"),
    "period.this_year": ("Năm nay ({label})", "This year ({label})"),
    "period.last_year": ("Năm trước ({label})", "Last year ({label})"),
    "period.year": ("Năm {label}", "Year {label}"),
    "period.term": ("Nhiệm kỳ {label}", "Term {label}"),
    "period.current": ("(đang xem)", "(current)"),
}


def set_language(lang: str) -> None:
    global _lang
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _lang = lang


def language() -> str:
    return _lang


def tr(key: str, /, lang: str | None = None, **params: Any) -> str:
    """The screen string ``key`` in ``lang`` (the current language by default)."""
    vi, en = CATALOGUE[key]
    text = vi if (lang or _lang) == "vi" else en
    if not params:
        return text
    # Parameters are often stored text (names, codes, messages that quote them): on one line,
    # markup escaped, since screen strings go into widgets that parse markup (tui.safe).
    from tui.safe import escaped

    return text.format(**{k: escaped(v) if isinstance(v, str) else v for k, v in params.items()})


def domain(key: str, /, **params: Any) -> str:
    """A message of the domain catalogue (statuses, reasons, labels) in the current language."""
    from models import i18n

    return i18n.t(key, _lang, **params)


def label(enum_value: Any) -> str:
    """The domain label of an enum member in the current language."""
    from models import i18n

    return i18n.label(enum_value, _lang)


def number(value: float | None, digits: int = 0) -> str:
    """A number written the local way: 1.234,5 in Vietnamese, 1,234.5 in English."""
    from models import numbers

    return numbers.number(value, digits, _lang)


def percent(ratio: float | None) -> str:
    from models import numbers

    return numbers.percent(ratio, 0, _lang)


def day(value: Any) -> str:
    """A date as people write it: 31/03/2023 in Vietnamese, 2023-03-31 in English."""
    if value is None:
        return "–"
    return value.strftime("%d/%m/%Y") if _lang == "vi" else value.isoformat()
