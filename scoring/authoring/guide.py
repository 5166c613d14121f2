"""The «Hướng dẫn» sheet and the input prompts of the scheme workbook (Vietnamese)."""
from __future__ import annotations

GUIDE = (
    "HƯỚNG DẪN SOẠN BỘ TIÊU CHÍ CHỈ SỐ CCHC TRÊN EXCEL (parscore)",
    "",
    "Tệp này có ba trang cần điền: «Thông tin chung», «Tiêu chí», «Danh mục tài liệu kiểm chứng». Không đổi tên trang "
    "và tên cột; được thêm cột ghi chú riêng (chương trình bỏ qua cột lạ). Ô để trống là không khai báo.",
    "",
    "■ Các bước",
    "1. Điền «Thông tin chung»: mã bộ tiêu chí (ví dụ tinh-xa-2025), tên, cấp, năm, phiên bản, văn bản "
    "ban hành, hạn nộp, kỳ số liệu, xếp loại.",
    "2. Điền «Danh mục tài liệu kiểm chứng»: mỗi dòng một loại tài liệu hoặc số liệu mà đơn vị kê khai (mã viết "
    "thường, không dấu, nối bằng dấu gạch dưới, ví dụ ke_hoach_cchc).",
    "3. Điền «Tiêu chí»: mỗi dòng một lĩnh vực, tiêu chí hoặc tiêu chí thành phần, theo đúng bảng trong "
    "Quyết định (STT, nội dung, điểm tối đa, hướng dẫn chấm).",
    "4. Chuyển sang YAML và kiểm tra:  parscore criteria import bo-tieu-chi.xlsx -o bo-tieu-chi.yaml",
    "5. Kiểm tra tính chất của bộ tiêu chí:  parscore criteria verify bo-tieu-chi.yaml",
    "6. Xem tác động so với bộ cũ:  parscore criteria diff cu.yaml bo-tieu-chi.yaml --units ho-so-nam-truoc/",
    "Mọi lỗi đều ghi rõ trang và ô, ví dụ «Tiêu chí!D14». Sửa trong Excel rồi chạy lại bước 4.",
    "",
    "■ Trang «Tiêu chí»",
    "Mã tiêu chí: số thứ tự của Quyết định (1, 1.1, 1.1.1 …); ô dạng văn bản để Excel không đổi 1.10 thành 1.1.",
    "Thuộc tiêu chí (mã cha): để trống với lĩnh vực; với tiêu chí con ghi mã của tiêu chí cha. Thứ tự dòng "
    "là thứ tự hiển thị.",
    "Điểm tối đa: điểm của tiêu chí cha phải bằng tổng điểm tối đa của các tiêu chí con.",
    "Điểm tối thiểu: chỉ ghi khi tiêu chí có thể bị trừ xuống dưới 0 (ví dụ −0,25); mặc định 0.",
    "Khi không phát sinh: full = tính đủ điểm; exclude = loại khỏi cả điểm đạt và điểm tối đa; never = "
    "không chấp nhận không phát sinh. Để trống: theo mặc định ở «Thông tin chung».",
    "Thưởng/trừ: ghi «Có» ở lĩnh vực điểm thưởng, điểm trừ (cộng vào tổng, không tính vào điểm tối đa).",
    "Tiêu chí có tiêu chí con thì để trống mọi cột cách chấm; tiêu chí chấm điểm trực tiếp thì chọn «Cách "
    "chấm» và ghi tham số ở các cột bên phải.",
    "",
    "■ Cách chấm (cột «Cách chấm») và tham số",
    "check (đạt / không đạt): «Tài liệu» là một mã loại có / không, hoặc «Các tài liệu cùng đạt» ghi nhiều mã "
    "cách nhau dấu phẩy. «Điểm khi đạt» (mặc định điểm tối đa), «Điểm còn lại» (mặc định điểm tối thiểu).",
    "deadline (theo thời hạn): «Tài liệu» là văn bản hoặc ngày; «Hạn» dd/mm/yyyy; «Điểm đúng hạn» (mặc định "
    "tối đa); «Điểm trễ hạn» là một số điểm, hoặc các bước: 15 ngày: 0,5; 30 ngày: 0,25 (trễ đến 15 ngày "
    "được 0,5; đến 30 ngày được 0,25; quá nữa: điểm tối thiểu); «Điểm khi thiếu TLKC».",
    "bands (theo mức): «Tài liệu» là số lượng, tỷ lệ %, số; hoặc «Tỷ lệ: tử số» và «Tỷ lệ: mẫu số» (tỷ lệ = "
    "tử / mẫu × 100). «Các mức điểm»: >=100: 1; >=90: 0,75; >=70: 0,5 (mức đầu tiên thỏa được chấm); "
    "«Điểm còn lại» khi không mức nào thỏa.",
    "proportional (theo tỷ lệ): điểm = điểm tối đa × giá trị / «Chỉ tiêu» (mặc định 100); dưới «Ngưỡng tối "
    "thiểu» được điểm tối thiểu.",
    "deduction (trừ điểm): «Tài liệu» là số lượng; điểm = «Điểm xuất phát» (mặc định tối đa) − «Mỗi trường "
    "hợp» × số lượng, không thấp hơn điểm tối thiểu.",
    "count (cộng điểm): điểm = «Mỗi trường hợp» × số lượng, không quá điểm tối đa.",
    "manual (tự chấm): đơn vị tự chấm và giải trình; «Tài liệu» là mã loại tự chấm.",
    "survey (điều tra xã hội học): «Tài liệu» là mã loại kết quả khảo sát; «Thang quy đổi»: A: 100; B: 60; "
    "C: 20; D: 0 khi kết quả là số phiếu theo phương án.",
    "relative (so với đơn vị tốt nhất): điểm = tối đa × giá trị / giá trị cao nhất trong các đơn vị chấm cùng nhau.",
    "Tham số khác (YAML): tham số không có cột riêng, hoặc mọi tham số viết đúng như trong tệp YAML, ví dụ "
    "{late: [{within_days: 15, points: 0.5}]}. Một tham số chỉ ghi ở một chỗ.",
    "",
    "■ Cách ghi số và ngày",
    "Số thập phân dùng dấu phẩy hoặc dấu chấm (0,75 hay 0.75); không dùng dấu phân cách hàng nghìn.",
    "Số điểm giữ đúng số chữ số thập phân hiển thị trong ô (ô định dạng 0,00 chứa 1 được đọc là 1,00).",
    "Ngày ghi dd/mm/yyyy hoặc nhập dạng ngày của Excel.",
    "Phép so sánh trong «Các mức điểm»: >= (từ … trở lên), > (trên), <= (đến), < (dưới), = (bằng); một mức "
    "có thể có hai điều kiện: >=50 <70: 0,5.",
    "",
    "■ Trang «Danh mục tài liệu kiểm chứng»",
    "Loại: document (văn bản: số, ngày), date (ngày), boolean (có / không), count (số lượng), percent (tỷ lệ "
    "0–100), number (số), manual (tự chấm), survey (kết quả khảo sát, do Sở Nội vụ cung cấp).",
    "Chiều tốt hơn: higher (càng cao càng tốt) hoặc lower (càng thấp càng tốt, ví dụ số CBCC bị kỷ luật); "
    "để trống với mẫu số của tỷ lệ.",
    "",
    "■ Xếp loại (trang «Thông tin chung»)",
    "Mỗi dòng một mức: chỉ số từ (%) và tên xếp loại, từ mức cao nhất xuống (90 Tốt; 80 Khá; 65 Trung bình; "
    "0 Yếu).",
)

PROMPTS = {
    "parent": "Mã của tiêu chí cha; để trống với lĩnh vực.",
    "min": "Chỉ ghi khi có thể trừ dưới 0, ví dụ -0,25.",
    "evidence": "Mã trong trang «Danh mục tài liệu kiểm chứng».",
    "ratio.of": "Mã số liệu tử số (ví dụ ho_so_dung_han).",
    "ratio.to": "Mã số liệu mẫu số (ví dụ ho_so_tiep_nhan).",
    "all": "Nhiều mã có / không, cách nhau dấu phẩy: tất cả đều có thì đạt.",
    "bands": "Ví dụ: >=100: 1; >=90: 0,75; >=70: 0,5",
    "late": "Một số điểm (0,5) hoặc các bước: 15 ngày: 0,5; 30 ngày: 0,25",
    "scale": "Ví dụ: A: 100; B: 60; C: 20; D: 0",
    "extra": "YAML dạng {khóa: giá trị}, ví dụ {missing: 0}",
    "due": "Hạn chót, dd/mm/yyyy.",
    "otherwise": "Điểm khi không đạt / không mức nào thỏa; mặc định điểm tối thiểu.",
    "points": "Điểm khi đạt; mặc định điểm tối đa.",
    "per": "Số điểm cho (hoặc trừ) mỗi trường hợp.",
    "start": "Điểm trước khi trừ; mặc định điểm tối đa.",
    "target": "Giá trị đạt điểm tối đa; mặc định 100.",
    "zero_below": "Dưới ngưỡng này được điểm tối thiểu.",
    "on_time": "Điểm khi đúng hạn; mặc định điểm tối đa.",
    "missing": "Điểm khi thiếu tài liệu kiểm chứng; mặc định điểm tối thiểu.",
    "better": "higher: càng cao càng tốt; lower: càng thấp càng tốt.",
    "key": "Chữ thường không dấu, số, dấu gạch dưới; ví dụ ke_hoach_cchc.",
}
