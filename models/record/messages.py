"""The sentences the write operations say when they refuse, and the labels of their fields."""

from __future__ import annotations

from models import i18n

i18n.register(
    {
        # General rules of every event.
        "record.date_in_future": (
            "Ngày {day} ở tương lai; chỉ ghi việc đã xảy ra (hôm nay là {today}).",
            "The date {day} is in the future; only what has happened is recorded (today is {today}).",
        ),
        "record.org_ended": (
            "Tổ chức “{code}” đã kết thúc ngày {end} (hợp nhất hoặc giải thể); đảng viên ghi vào đó trước ngày ấy sẽ không được chuyển theo, hãy ghi vào tổ chức tiếp nhận.",
            "The organisation '{code}' ended on {end} (merged or dissolved); a member put on its rolls before then would not move with it, so record them at the successor.",
        ),
        "record.not_a_cell": (
            "Tổ chức “{code}” là {kind}, không phải chi bộ; đảng viên chỉ sinh hoạt ở chi bộ.",
            "The organisation '{code}' is a {kind}, not a cell; members belong to cells only.",
        ),
        "record.member_not_found": ("Không có đảng viên mã số {member_id}.", "No member has the id {member_id}."),
        "record.not_on_rolls": (
            "Đảng viên {member_id} không có tên trong danh sách đảng viên vào ngày {day}.",
            "Member {member_id} is not on the rolls on {day}.",
        ),
        "record.membership_ended": (
            "Đảng viên {member_id} đã ra khỏi danh sách ({exit}) ngày {exit_date}; không ghi thêm sự kiện sau khi hết là đảng viên.",
            "Member {member_id} left the rolls ({exit}) on {exit_date}; no event is recorded after membership has ended.",
        ),
        "record.out_of_order": (
            "Đảng viên {member_id} đã có sự kiện ngày {last}; không ghi sự kiện {kind} với ngày sớm hơn ({day}).",
            "Member {member_id} already has an event on {last}; a {kind} cannot be dated earlier ({day}).",
        ),
        "record.duplicate_event": (
            "Đảng viên {member_id} đã có sự kiện {kind} ngày {day}.",
            "Member {member_id} already has a {kind} on {day}.",
        ),
        "record.field_required": ("Chưa ghi trường bắt buộc này.", "This field is required."),
        "record.name_blank": ("Họ tên không được để trống.", "The name must not be blank."),
        "record.born_after_date": (
            "Ngày sinh {born} không thể sau ngày {day}.",
            "The birth date {born} cannot be after {day}.",
        ),
        # Admission and readmission.
        "record.age_out_of_range": (
            "Tuổi ngày {day} ({basis}) là {years} năm {months} tháng; phải từ đủ {min} đến đủ {max} tuổi (tính theo tháng).",
            "Age on {day} ({basis}) is {years} years {months} months; it must be from {min} to {max} years (counted in months).",
        ),
        "record.age_over_max": (
            "Tuổi ngày {day} ({basis}) là {years} năm {months} tháng, trên {max} tuổi; kết nạp người trên {max} tuổi phải có quyết định của {level}: ghi số quyết định đó.",
            "Age on {day} ({basis}) is {years} years {months} months, over {max}; admitting someone over {max} needs the decision of the level named ({level}): record its number.",
        ),
        "record.age_basis.resolution": ("ngày chi bộ có nghị quyết đề nghị kết nạp", "the cell's resolution to admit"),
        "record.age_basis.ceremony": (
            "ngày kết nạp; chưa ghi ngày chi bộ có nghị quyết", "the ceremony; the cell's resolution date was not given"
        ),
        "record.steps_order": (
            "Ngày {first} phải không sau ngày {then} (nghị quyết của chi bộ, rồi quyết định kết nạp, rồi lễ kết nạp).",
            "The date {first} must not be after {then} (the cell's resolution, then the decision, then the ceremony).",
        ),
        "record.late.decision": (
            "Lưu ý: quyết định kết nạp sau {days} ngày làm việc kể từ nghị quyết của chi bộ ngày {from}, quá thời hạn {limit} ngày làm việc (hạn ngày {due}) (theo {regulation}).",
            "Note: the decision came {days} working days after the cell's resolution of {from}, past the limit of {limit} working days (due {due}) (under {regulation}).",
        ),
        "record.late.ceremony": (
            "Lưu ý: lễ kết nạp sau {days} ngày làm việc kể từ quyết định kết nạp ngày {from}, quá thời hạn {limit} ngày làm việc (hạn ngày {due}) (theo {regulation}).",
            "Note: the ceremony came {days} working days after the decision of {from}, past the limit of {limit} working days (due {due}) (under {regulation}).",
        ),
        "record.unknown_circumstance": (
            "Hoàn cảnh ra khỏi Đảng “{value}” không có trong danh mục: {allowed}.",
            "The exit circumstance '{value}' is not in the list: {allowed}.",
        ),
        "record.readmit_excluded_circumstance": (
            "Người ra khỏi Đảng vì {circumstance} thì không xem xét kết nạp lại.",
            "A person who left the Party because of {circumstance} is not considered for readmission.",
        ),
        "exit_circumstance.family_hardship": ("hoàn cảnh gia đình đặc biệt khó khăn", "special family hardship"),
        "exit_circumstance.serious_disunity": ("gây mất đoàn kết nội bộ nghiêm trọng", "causing serious internal disunity"),
        "exit_circumstance.corruption_conviction": ("bị phạt tù vì tội tham nhũng", "a prison sentence for corruption"),
        "exit_circumstance.serious_crime_conviction": (
            "bị phạt tù vì tội phạm khác ở mức nghiêm trọng trở lên",
            "a prison sentence for another crime, serious or worse",
        ),
        "record.already_member": (
            "Đảng viên {member_id} đang có tên trong danh sách đảng viên; không kết nạp lại.",
            "Member {member_id} is on the rolls; they cannot be admitted again.",
        ),
        "record.readmit_never_member": (
            "Người mang mã số {member_id} chưa từng được kết nạp; hãy kết nạp như người mới.",
            "The person with id {member_id} was never admitted; admit them as a new person.",
        ),
        "record.readmit_transferred": (
            "Đảng viên {member_id} đã chuyển sinh hoạt ra ngoài, không phải ra khỏi Đảng; hãy ghi chuyển sinh hoạt đến.",
            "Member {member_id} transferred out, they did not leave the Party; record a transfer in instead.",
        ),
        "record.readmit_dead": ("Đảng viên {member_id} đã từ trần.", "Member {member_id} has died."),
        "record.readmit_excluded_exit": (
            "Người đã “{exit}” thì không xem xét kết nạp lại, trừ trường hợp vì hoàn cảnh gia đình đặc biệt khó khăn.",
            "A person whose exit was '{exit}' is not considered for readmission, except for special family hardship.",
        ),
        "record.readmit_excluded_ground": (
            "Đảng viên bị xóa tên vì “{ground}” thì không được kết nạp lại.",
            "A member removed on the ground '{ground}' cannot be readmitted.",
        ),
        "record.readmit_too_soon": (
            "Chỉ được kết nạp lại sau ít nhất {months} tháng kể từ ngày ra khỏi danh sách ({exit_date}), tức từ ngày {earliest}.",
            "Readmission is possible only {months} months after leaving the rolls ({exit_date}), that is from {earliest}.",
        ),
        "record.readmit_too_many": (
            "Đảng viên {member_id} đã được kết nạp lại {times} lần; chỉ được kết nạp lại tối đa {max} lần.",
            "Member {member_id} was already readmitted {times} time(s); at most {max} readmission(s) are allowed.",
        ),
        # Recognition and removal.
        "record.already_official": (
            "Đảng viên {member_id} đã là đảng viên chính thức từ ngày {since}.",
            "Member {member_id} has been official since {since}.",
        ),
        "record.probation_not_over": (
            "Đảng viên {member_id} hết {months} tháng dự bị vào ngày {end}; chưa được công nhận chính thức ngày {day}.",
            "Member {member_id}'s {months}-month probation ends on {end}; recognition on {day} is too early.",
        ),
        "record.probation_failed_needs_probationary": (
            "Lý do “dự bị không đủ tư cách” chỉ áp dụng cho đảng viên dự bị; đảng viên {member_id} là đảng viên chính thức.",
            "The ground 'probation failed' applies to probationary members only; member {member_id} is official.",
        ),
        "record.ground_required": (
            "Phải ghi lý do xóa tên: một trong các trường hợp của Điều lệ Đảng.",
            "A removal needs its ground: one of the cases of the Party Charter.",
        ),
        "record.unknown_ground": (
            "Lý do xóa tên “{ground}” không có trong danh mục: {allowed}.",
            "The removal ground '{ground}' is not in the list: {allowed}.",
        ),
        # Transfers, exemption, far away.
        "record.transfer_destination": (
            "Phải ghi nơi chuyển đến: một tổ chức trong cơ sở dữ liệu hoặc tên nơi ở ngoài, không phải cả hai.",
            "Give the destination: an organisation in the database or the name of one outside, not both.",
        ),
        "record.transfer_same_org": (
            "Nơi chuyển đến “{code}” trùng với nơi đang sinh hoạt.",
            "The destination '{code}' is the organisation the member already belongs to.",
        ),
        "record.temporary_length": (
            "Chuyển sinh hoạt tạm thời vì thay đổi nơi cư trú hoặc nơi làm việc phải từ {min} tháng đến dưới {below} tháng; từ {day} đến {ends_on} không đúng.",
            "A temporary transfer for a change of residence or work lasts from {min} months to under {below}; {day} to {ends_on} does not.",
        ),
        "record.temporary_training_length": (
            "Chuyển sinh hoạt tạm thời khi đi học tập trung phải từ {min} đến {max} tháng; từ {day} đến {ends_on} không đúng.",
            "A temporary transfer for full-time training lasts {min} to {max} months; {day} to {ends_on} does not.",
        ),
        "record.transfer_reason_required": (
            "Phải ghi lý do chuyển sinh hoạt tạm thời: {allowed}.",
            "Give the reason for the temporary transfer: {allowed}.",
        ),
        "record.ends_on_required": ("Phải ghi ngày kết thúc dự kiến.", "The planned end date is required."),
        "record.exemption_length": (
            "Tạm miễn sinh hoạt khi đi làm ăn xa phải dưới {below} tháng; từ {day} đến {ends_on} là quá dài.",
            "A temporary exemption while working far away lasts under {below} months; {day} to {ends_on} is too long.",
        ),
        "record.exemption_kind_required": (
            "Phải ghi loại miễn sinh hoạt: {allowed}.",
            "Give the kind of exemption: {allowed}.",
        ),
        "record.ends_before_start": (
            "Ngày kết thúc {ends_on} phải sau ngày bắt đầu {day}.",
            "The end date {ends_on} must be after the start date {day}.",
        ),
        "record.already_exempt": (
            "Đảng viên {member_id} đang được tạm miễn sinh hoạt đến ngày {until}.",
            "Member {member_id} is already exempt until {until}.",
        ),
        "record.not_exempt": (
            "Đảng viên {member_id} không được tạm miễn sinh hoạt vào ngày {day}.",
            "Member {member_id} is not exempt on {day}.",
        ),
        "record.already_far_away": (
            "Đảng viên {member_id} đang đi làm ăn xa từ ngày {since}.",
            "Member {member_id} has been working far away since {since}.",
        ),
        "record.not_far_away": (
            "Đảng viên {member_id} không đi làm ăn xa vào ngày {day}.",
            "Member {member_id} is not working far away on {day}.",
        ),
        "record.probation_elsewhere_returning": (
            "Đảng viên {member_id} đã có hồ sơ trong cơ sở dữ liệu; thời gian dự bị của họ đã ghi ở đây, không ghi lại khi chuyển sinh hoạt đến.",
            "Member {member_id} is already in the database, with their probation recorded here; a transfer in does not record it again.",
        ),
        "record.probation_after_transfer": (
            "Ngày bắt đầu dự bị {since} sau ngày chuyển sinh hoạt đến {day}; đảng viên dự bị chuyển đến đã bắt đầu dự bị trước khi chuyển.",
            "The probation's start {since} is after the transfer in on {day}; a probationary member's probation began before they transferred.",
        ),
        "record.probation_elsewhere_over": (
            "Thời gian dự bị {months} tháng bắt đầu ngày {since} đã hết ngày {end}, trước ngày chuyển sinh hoạt đến {day}: chi bộ nơi đi xét công nhận đảng viên chính thức; ghi chuyển đến là đảng viên chính thức, không ghi ngày dự bị.",
            "The {months}-month probation begun on {since} ended on {end}, before the transfer in on {day}: the cell they left considers the recognition; record the transfer in of an official member, without a probation start.",
        ),
        "record.probation_elsewhere_too_young": (
            "Ngày sinh {born} chưa đủ {min} tuổi vào ngày bắt đầu dự bị {since}; kiểm tra lại ngày sinh hoặc ngày bắt đầu dự bị.",
            "Born {born}, the member was under {min} on the probation's start {since}; check the birth date or the probation's start.",
        ),
        "record.not_transferred_out": (
            "Đảng viên {member_id} không chuyển sinh hoạt ra ngoài; không ghi chuyển đến từ ngoài.",
            "Member {member_id} did not transfer out of the database; a transfer in from outside does not apply.",
        ),
        # Targets.
        "record.target_negative": ("Chỉ tiêu phải là số không âm; {target} không hợp lệ.", "A target must not be negative; {target} is not valid."),
        "record.year_outside_org": (
            "Tổ chức “{code}” không tồn tại trong năm {year}.",
            "The organisation '{code}' does not exist in {year}.",
        ),
        "record.year_invalid": ("Năm {year} không hợp lệ.", "The year {year} is not valid."),
        # Candidates.
        "record.candidate_not_found": ("Không có quần chúng mã số {candidate_id}.", "No candidate has the id {candidate_id}."),
        "record.stage_order": (
            "Quần chúng {candidate_id} đang ở bước “{current}”; không chuyển sang “{stage}” (phải theo thứ tự các bước).",
            "Candidate {candidate_id} is at '{current}'; moving to '{stage}' breaks the order of the pipeline.",
        ),
        "record.candidate_closed": (
            "Quần chúng {candidate_id} đã ở bước cuối “{current}”.",
            "Candidate {candidate_id} is already at the final stage '{current}'.",
        ),
        "record.candidate_admit_via_admission": (
            "Bước “đã kết nạp” được ghi bằng lệnh kết nạp đảng viên (với mã quần chúng).",
            "The 'admitted' stage is recorded by the admission itself (with the candidate id).",
        ),
        "record.helper_not_member": (
            "Người giúp đỡ {member_id} không phải đảng viên chính thức đang có tên vào ngày {day}.",
            "The helper {member_id} is not an official member on the rolls on {day}.",
        ),
        # Regulation 213.
        "record.link_not_found": ("Không có liên hệ nơi cư trú mã số {link_id}.", "No residence link has the id {link_id}."),
        "record.link_workplace": (
            "Đảng viên {member_id} không sinh hoạt ở “{code}” vào ngày {day}; nơi công tác phải là chi bộ đang sinh hoạt.",
            "Member {member_id} does not belong to '{code}' on {day}; the workplace must be the member's own cell.",
        ),
        "record.link_exists": (
            "Đảng viên {member_id} đã có liên hệ nơi cư trú đang theo dõi (mã số {link_id}).",
            "Member {member_id} already has an open residence link (id {link_id}).",
        ),
        "record.link_ended": (
            "Liên hệ nơi cư trú {link_id} đã kết thúc ngày {ended_on}.",
            "The residence link {link_id} ended on {ended_on}.",
        ),
        "record.link_before_start": (
            "Liên hệ nơi cư trú {link_id} bắt đầu ngày {started_on}; ngày {day} là quá sớm.",
            "The residence link {link_id} starts on {started_on}; {day} is too early.",
        ),
        "record.comment_not_requested": (
            "Chưa gửi phiếu xin ý kiến năm {year} cho liên hệ {link_id}; không thể ghi đã nhận xét.",
            "No comment request was sent for {year} on link {link_id}; comments cannot have been returned.",
        ),
        "record.comment_year": (
            "Năm nhận xét {year} không hợp lệ cho ngày {day}.",
            "The rating year {year} does not fit the date {day}.",
        ),
        "record.year_required": ("Phải ghi năm nhận xét.", "The rating year is required."),
        "record.residence_kind": (
            "Việc “{kind}” không ghi theo cách này.",
            "The event '{kind}' is not recorded this way.",
        ),
        # Organisations.
        "record.org_code_taken": ("Mã tổ chức “{code}” đã được dùng.", "The organisation code '{code}' is taken."),
        "record.org_parent_kind": (
            "“{code}” là {kind}; không đặt tổ chức khác trực thuộc.",
            "'{code}' is a {kind}; no organisation can sit under it.",
        ),
        "record.org_cycle": (
            "Không thể đặt “{code}” trực thuộc “{parent}”: “{parent}” nằm trong chính “{code}”.",
            "'{code}' cannot go under '{parent}': '{parent}' lies inside '{code}'.",
        ),
        "record.org_same_parent": (
            "“{code}” đã trực thuộc “{parent}” vào ngày {day}.",
            "'{code}' is already under '{parent}' on {day}.",
        ),
        "record.org_edge_same_day": (
            "“{code}” vừa đổi cấp trên đúng ngày {day}; không đổi lần nữa trong cùng ngày.",
            "'{code}' changed parent on {day} already; it cannot change again the same day.",
        ),
        "record.rename_before_start": (
            "Không thể đổi tên “{code}” từ ngày {day}: tổ chức bắt đầu từ ngày {start}.",
            "'{code}' cannot be renamed from {day}: the organisation starts on {start}.",
        ),
        "record.rename_overlap": (
            "Không thể đổi tên “{code}” từ ngày {day}: trùng với tên “{name}” đã ghi từ ngày {start}.",
            "'{code}' cannot be renamed from {day}: it overlaps the name '{name}' recorded from {start}.",
        ),
        "record.rename_same": (
            "“{code}” đã mang tên “{name}” vào ngày {day}.",
            "'{code}' is already named '{name}' on {day}.",
        ),
        "record.org_new_root": (
            "Chỉ quản trị viên được tạo tổ chức cấp cao nhất (không có cấp trên).",
            "Only an admin may create a top-level organisation (with no parent).",
        ),
        "record.merge_into_itself": (
            "Tổ chức “{code}” không thể hợp nhất vào chính nó.",
            "The organisation '{code}' cannot be merged into itself.",
        ),
        "record.merge_started_same_day": (
            "Tổ chức “{code}” mới thành lập ngày {day}; không hợp nhất cùng ngày.",
            "The organisation '{code}' was created on {day}; it cannot be merged the same day.",
        ),
        "record.merge_members_need_cell": (
            "“{code}” còn {count} đảng viên nhưng “{successor}” không phải chi bộ để nhận họ.",
            "'{code}' still has {count} member(s) but '{successor}' is not a cell that can take them.",
        ),
        "record.merge_unknown_child": (
            "“{child}” không trực thuộc tổ chức nào được hợp nhất vào ngày {day}.",
            "'{child}' is not under any of the merged organisations on {day}.",
        ),
        "record.duplicate_admission": (
            "{name}, sinh ngày {born}, đã được ghi kết nạp vào “{org}” ngày {day} (mã số đảng viên {member_id}); "
            "không ghi lần thứ hai. Nếu là người khác trùng tên và ngày sinh, hãy ghi thêm tên đệm hoặc liên hệ quản trị.",
            "{name}, born {born}, is already recorded as admitted to '{org}' on {day} (member id {member_id}); "
            "it is not recorded twice. If this is another person with the same name and birth date, tell them apart "
            "by the full name or ask an admin.",
        ),
        # Field labels used by DomainError.
        "field.org": ("Tổ chức đảng", "organisation"),
        "field.date": ("Ngày", "date"),
        "field.full_name": ("Họ tên", "name"),
        "field.sex": ("Giới tính", "sex"),
        "field.birth_date": ("Ngày sinh", "birth date"),
        "field.member": ("Đảng viên", "member"),
        "field.ground": ("Lý do xóa tên", "removal ground"),
        "field.to": ("Nơi chuyển đến", "destination"),
        "field.from": ("Nơi chuyển đi", "origin"),
        "field.ends_on": ("Ngày kết thúc", "end date"),
        "field.target": ("Chỉ tiêu", "target"),
        "field.year": ("Năm", "year"),
        "field.candidate": ("Quần chúng ưu tú", "candidate"),
        "field.stage": ("Bước", "stage"),
        "field.helper": ("Người giúp đỡ", "helper"),
        "field.link": ("Liên hệ nơi cư trú", "residence link"),
        "field.workplace": ("Nơi công tác", "workplace"),
        "field.residence": ("Nơi cư trú", "residence"),
        "field.kind": ("Loại", "kind"),
        "field.code": ("Mã tổ chức", "organisation code"),
        "field.name": ("Tên", "name"),
        "field.parent": ("Cấp trên", "parent"),
        "field.successor": ("Tổ chức tiếp nhận", "successor"),
        "field.children": ("Tổ chức trực thuộc", "children"),
        "field.ethnicity": ("Dân tộc", "ethnicity"),
        "field.resolution_date": ("Ngày chi bộ có nghị quyết đề nghị kết nạp", "date of the cell's resolution"),
        "field.decision_date": ("Ngày có quyết định kết nạp", "date of the admission decision"),
        "field.over_age_decision": ("Quyết định kết nạp người trên 60 tuổi", "decision to admit someone over 60"),
        "field.exit_circumstances": ("Hoàn cảnh ra khỏi Đảng", "circumstances of the exit"),
        "field.probation_since": ("Ngày bắt đầu dự bị (ngày kết nạp ở nơi đi)", "probation began on (admission elsewhere)"),
        "field.admission_decision": ("Số quyết định kết nạp (cơ quan ban hành)", "admission decision (number, issued by)"),
        "field.reason": ("Lý do chuyển sinh hoạt", "reason for the transfer"),
        "field.exemption_kind": ("Loại miễn sinh hoạt", "kind of exemption"),
        "field.user": ("Người dùng", "user"),
        "field.as": ("Làm thay", "act as"),
        "field.role": ("Vai trò", "role"),
        "field.scope": ("Phạm vi", "scope"),
        # What a successful operation prints.
        "record.done.admission": (
            "Đã ghi kết nạp {name} (mã số {member_id}) vào “{org}” ngày {day}.",
            "Recorded the admission of {name} (id {member_id}) to '{org}' on {day}.",
        ),
        "record.done.event": (
            "Đã ghi “{kind}” cho đảng viên {member_id} tại “{org}” ngày {day}.",
            "Recorded '{kind}' for member {member_id} at '{org}' on {day}.",
        ),
        "record.done.transfer": (
            "Đã ghi chuyển sinh hoạt {scope} của đảng viên {member_id} từ “{source}” đến “{dest}” ngày {day}.",
            "Recorded the {scope} transfer of member {member_id} from '{source}' to '{dest}' on {day}.",
        ),
        "record.done.target": (
            "Chỉ tiêu kết nạp năm {year} của “{org}”: {before} → {target}.",
            "Admission target for {year} at '{org}': {before} → {target}.",
        ),
        "record.done.candidate": (
            "Quần chúng {name} (mã số {candidate_id}) ở bước “{stage}” từ ngày {day}.",
            "Candidate {name} (id {candidate_id}) at '{stage}' from {day}.",
        ),
        "record.done.residence": (
            "Liên hệ nơi cư trú {link_id}: “{kind}” ngày {day}.",
            "Residence link {link_id}: '{kind}' on {day}.",
        ),
        "record.done.org": ("Tổ chức “{code}”: {what} ngày {day}.", "Organisation '{code}': {what} on {day}."),
        "record.what.created": ("thành lập", "created"),
        "record.what.moved": ("chuyển sang trực thuộc “{parent}”", "moved under '{parent}'"),
        "record.what.renamed": ("đổi tên thành “{name}”", "renamed '{name}'"),
        "record.what.merged": (
            "tiếp nhận {merged}, chuyển {members} đảng viên",
            "took in {merged}, moving {members} member(s)",
        ),
        "record.none": ("không có", "none"),
        "record.outside": ("ngoài hệ thống: {text}", "outside: {text}"),
    }
)
