"""Messages of the spreadsheet import and export, in Vietnamese and English."""

from __future__ import annotations

from models import i18n

i18n.register(
    {
        "io.location": (
            "Trang “{sheet}”, dòng {row}, cột “{column}”",
            "Sheet '{sheet}', row {row}, column '{column}'",
        ),
        "io.location.row": ("Trang “{sheet}”, dòng {row}", "Sheet '{sheet}', row {row}"),
        "io.location.sheet": ("Trang “{sheet}”", "Sheet '{sheet}'"),
        "io.location.file": ("Tệp “{file}”", "File '{file}'"),
        "io.refused": (
            "Không nhập tệp “{file}”: {count} lỗi, chưa ghi gì vào cơ sở dữ liệu.",
            "The file '{file}' was not imported: {count} error(s), nothing was written to the database.",
        ),
        "io.more_errors": ("... và {count} lỗi khác.", "... and {count} more error(s)."),
        # Files and limits
        "io.file_missing": ("Không tìm thấy tệp “{file}”.", "The file '{file}' does not exist."),
        "io.not_regular_file": (
            "“{file}” không phải tệp thông thường (thiết bị, ống hoặc thư mục); hãy chọn tệp .xlsx hoặc .csv.",
            "'{file}' is not a regular file (a device, a pipe or a directory); choose an .xlsx or .csv file.",
        ),
        "io.file_unreadable": ("Không đọc được tệp “{file}”: {detail}.", "Cannot read the file '{file}': {detail}."),
        "io.too_many_parts": (
            "Tệp .xlsx có {count} phần, vượt giới hạn {limit}; từ chối để bảo vệ máy.",
            "The .xlsx file has {count} parts, over the limit of {limit}; refused to protect the machine.",
        ),
        "io.part_too_large": (
            "Phần “{part}” của tệp giải nén ra {size} byte, vượt giới hạn {limit} byte; hãy chia tệp thành nhiều tệp nhỏ.",
            "The part '{part}' unpacks to {size} bytes, over the limit of {limit}; split the file into smaller ones.",
        ),
        "io.formula_cell": (
            "Ô có công thức “{formula}”; giaoban không nhập giá trị tính sẵn của công thức. Hãy sao chép rồi dán "
            "đặc biệt “chỉ giá trị” (Paste Values) trước khi nhập.",
            "The cell holds the formula '{formula}'; giaoban does not import a formula's cached value. Copy and "
            "paste as values (Paste Values) before importing.",
        ),
        "io.hidden_sheet": (
            "Trang “{sheet}” đang bị ẩn trong tệp; hãy hiện trang ra để kiểm tra (hoặc xóa nó) rồi nhập lại.",
            "The sheet '{sheet}' is hidden in the workbook; unhide it to check it (or delete it), then import again.",
        ),
        "io.unsupported_type": (
            "Chỉ nhận tệp .xlsx hoặc .csv (tệp .xls cũ hãy mở bằng Excel rồi lưu lại thành .xlsx).",
            "Only .xlsx and .csv files are accepted (save an old .xls file as .xlsx in Excel first).",
        ),
        "io.file_too_large": (
            "Tệp nặng {size} byte, vượt giới hạn {limit} byte.",
            "The file is {size} bytes, over the limit of {limit} bytes.",
        ),
        "io.not_xlsx": (
            "Tệp không phải bảng tính Excel .xlsx hợp lệ ({detail}).",
            "The file is not a valid Excel .xlsx workbook ({detail}).",
        ),
        "io.zip_bomb": (
            "Tệp nén bất thường: giải nén ra {size} byte (giới hạn {limit}) hoặc tỷ lệ nén {ratio} (giới hạn {max_ratio}); từ chối để bảo vệ máy.",
            "Suspicious compression: {size} bytes unpacked (limit {limit}) or a ratio of {ratio} (limit {max_ratio}); refused to protect the machine.",
        ),
        "io.too_many_sheets": ("Tệp có {count} trang, vượt giới hạn {limit}.", "The workbook has {count} sheets, over the limit of {limit}."),
        "io.too_many_rows": ("Trang có hơn {limit} dòng.", "The sheet has more than {limit} rows."),
        "io.too_many_columns": ("Trang có dữ liệu ở quá {limit} cột.", "The sheet has data in more than {limit} columns."),
        "io.cell_too_long": ("Ô dài {length} ký tự, vượt giới hạn {limit}.", "The cell holds {length} characters, over the limit of {limit}."),
        "io.csv_unreadable": ("Không đọc được tệp CSV: {detail}.", "Cannot read the CSV file: {detail}."),
        "io.csv_encoding": (
            "Tệp CSV không ở bảng mã UTF-8 và không chuyển đổi chắc chắn được (có thể là TCVN3/ABC hoặc VNI); hãy lưu lại bằng “CSV UTF-8”.",
            "The CSV file is not UTF-8 and cannot be converted with certainty (perhaps TCVN3/ABC or VNI); save it again as 'CSV UTF-8'.",
        ),
        "io.csv_converted": (
            "Tệp CSV ở bảng mã Windows-1258; đã chuyển sang Unicode.",
            "The CSV file was in Windows-1258; converted to Unicode.",
        ),
        # Sheets and headers
        "io.no_known_sheet": (
            "Tệp không có trang nào đúng tên mẫu ({sheets}).",
            "The file has no sheet with a template name ({sheets}).",
        ),
        "io.unknown_sheet": (
            "Không nhận ra tên trang; hãy dùng một trong: {sheets}.",
            "Sheet name not recognised; use one of: {sheets}.",
        ),
        "io.sheet_ignored": ("bỏ qua, không phải trang nhập số liệu.", "skipped, not an import sheet."),
        "io.no_header": (
            "Không tìm thấy dòng tiêu đề trong {rows} dòng đầu; thiếu cột: {missing}.",
            "No header row in the first {rows} rows; missing columns: {missing}.",
        ),
        "io.unknown_column": (
            "Cột không thuộc mẫu; các cột của trang này là: {columns}.",
            "Column not in the template; this sheet's columns are: {columns}.",
        ),
        "io.duplicate_column": ("Cột bị lặp (đã có ở cột {other}).", "Column repeated (already in column {other})."),
        # Cells
        "io.required": ("Ô bắt buộc nhưng đang trống.", "The cell is required but empty."),
        "io.legacy_text": (
            "Chữ “{word}” không phải tiếng Việt Unicode: có vẻ là {encoding}. Hãy chuyển bảng mã sang Unicode (Unikey: Công cụ chuyển mã) rồi nhập lại.",
            "The text '{word}' is not Vietnamese Unicode: it looks like {encoding}. Convert it to Unicode (e.g. Unikey's converter) and import again.",
        ),
        "io.text_repaired": (
            "Đã sửa chữ bị lỗi bảng mã ({encoding}): “{before}” thành “{after}”.",
            "Repaired text in the wrong encoding ({encoding}): '{before}' became '{after}'.",
        ),
        "io.encoding.utf8_as_cp1252": ("UTF-8 bị đọc nhầm thành Windows-1252 (lỗi phông)", "UTF-8 read as Windows-1252 (mojibake)"),
        "io.encoding.cp1258": ("bảng mã Windows-1258", "the Windows-1258 code page"),
        "io.encoding.tcvn3": ("bảng mã TCVN3 (ABC)", "the TCVN3 (ABC) encoding"),
        "io.encoding.vni": ("bảng mã VNI", "the VNI encoding"),
        "io.encoding.unknown": ("một bảng mã cũ hoặc chữ bị lỗi phông", "a legacy encoding or mojibake"),
        "io.name_chars": (
            "Họ tên chỉ được có chữ cái, dấu cách, gạch nối và dấu nháy; có “{char}”.",
            "A name may hold only letters, spaces, hyphens and apostrophes; found '{char}'.",
        ),
        "io.date_invalid": (
            "“{value}” không phải ngày hợp lệ; hãy ghi ngày/tháng/năm đủ 4 chữ số năm, ví dụ 03/02/2021.",
            "'{value}' is not a valid date; write day/month/year with a 4-digit year, e.g. 03/02/2021.",
        ),
        "io.date_two_digit_year": (
            "“{value}” có năm 2 chữ số nên không rõ thế kỷ; hãy ghi đủ 4 chữ số năm.",
            "'{value}' has a two-digit year, so the century is ambiguous; write all four digits.",
        ),
        "io.date_month_first": (
            "“{value}” có vẻ ghi tháng trước ngày (kiểu Mỹ); mẫu dùng ngày/tháng/năm, hãy sửa lại cho rõ.",
            "'{value}' looks month-first (US style); the template uses day/month/year, please correct it.",
        ),
        "io.date_with_time": ("Ô ngày có cả giờ ({value}); hãy chỉ ghi ngày.", "The date cell holds a time as well ({value}); write the date only."),
        "io.date_out_of_range": (
            "Ngày {value} nằm ngoài khoảng {low}–{high}.",
            "The date {value} lies outside {low}–{high}.",
        ),
        "io.serial_invalid": (
            "Số {value} không phải số ngày Excel hợp lệ.",
            "The number {value} is not a valid Excel date serial.",
        ),
        "io.choice": ("“{value}” không hợp lệ; hãy ghi một trong: {allowed}.", "'{value}' is not valid; write one of: {allowed}."),
        "io.integer": ("“{value}” không phải số nguyên.", "'{value}' is not a whole number."),
        "io.integer_range": ("{value} nằm ngoài khoảng {low}–{high}.", "{value} lies outside {low}–{high}."),
        # Rows against the file and the database
        "io.duplicate_in_file": (
            "Trùng với dòng {other} của cùng trang ({what}).",
            "Duplicates row {other} of the same sheet ({what}).",
        ),
        "io.member_exists": (
            "Đã có đảng viên “{name}” sinh ngày {born} trong cơ sở dữ liệu (mã {member_id}) với lần kết nạp khác; kết nạp lại phải ghi qua biểu mẫu.",
            "A member '{name}' born {born} already exists in the database (id {member_id}) with another admission; record a readmission through the form.",
        ),
        "io.member_exists_elsewhere": (
            "Đã có người “{name}” sinh ngày {born} trong hồ sơ đảng viên, ngoài phạm vi của bạn; nhờ cấp ủy cấp trên kiểm tra trước khi ghi.",
            "Someone named '{name}' born {born} is already on file, outside your scope; ask the committee above to check before recording.",
        ),
        "io.member_not_found": (
            "Không có đảng viên “{name}” sinh ngày {born} trong danh sách của “{org}” vào ngày {day}.",
            "No member '{name}' born {born} is on the rolls of '{org}' on {day}.",
        ),
        "io.member_ambiguous": (
            "Có {count} đảng viên cùng tên “{name}” và ngày sinh {born} ở “{org}”; hãy ghi qua biểu mẫu.",
            "{count} members named '{name}' born {born} are at '{org}'; record this through the form.",
        ),
        "io.candidate_admitted": (
            "Quần chúng được kết nạp thì ghi ở trang “Kết nạp”, không ghi ở đây.",
            "An admitted candidate goes on the 'Kết nạp' sheet, not here.",
        ),
        "io.no_link": (
            "Chưa có liên hệ nơi cư trú của “{name}” với “{residence}”; dòng đầu tiên phải là gửi giấy giới thiệu hoặc đăng ký.",
            "No residence link of '{name}' with '{residence}' yet; the first row must be a letter sent or a registration.",
        ),
        "io.conflict": (
            "Việc này đã có trong cơ sở dữ liệu nhưng khác: đang ghi “{stored}”, tệp ghi “{given}”.",
            "This is already in the database, differently: it holds '{stored}', the file says '{given}'.",
        ),
        "io.yes": ("Có", "yes"),
        "io.no": ("Không", "no"),
        "io.result.empty": ("Tệp không có dòng số liệu nào.", "The file holds no data rows."),
        "io.row_failed": ("Lỗi không lường trước khi ghi dòng này: {detail}.", "Unexpected error writing this row: {detail}."),
        # Results
        "io.result.added": ("{sheet}: thêm {count} dòng", "{sheet}: {count} row(s) added"),
        "io.result.changed": ("{sheet}: sửa {count} dòng", "{sheet}: {count} row(s) changed"),
        "io.result.present": ("{sheet}: {count} dòng đã có sẵn, bỏ qua", "{sheet}: {count} row(s) already present, skipped"),
        "io.result.dry_run": ("Chạy thử: chưa ghi gì.", "Dry run: nothing was written."),
        "io.result.nothing": ("Không có gì thay đổi: mọi dòng đã có sẵn.", "Nothing changed: every row is already present."),
        "io.result.written": ("Đã ghi vào cơ sở dữ liệu.", "Written to the database."),
        "io.row_present": ("dòng {row}: đã có sẵn", "row {row}: already present"),
        "io.row_added": ("dòng {row}: {what}", "row {row}: {what}"),
        # Export
        "io.export_type": ("Chỉ xuất ra .xlsx hoặc .csv.", "Export writes .xlsx or .csv only."),
        "io.export_csv_sheet": (
            "Tệp CSV chỉ chứa một trang; hãy chọn --sheet (một trong: {sheets}).",
            "A CSV file holds one sheet; choose it with --sheet (one of: {sheets}).",
        ),
    }
)
