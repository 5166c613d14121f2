"""Vietnamese headlines for error codes: what an officer reads before the technical detail.

The detail (keys, values, expected forms) stays as the loader wrote it; with
``--lang vi`` (the default) each error line reads
``file:line:col: code: <Vietnamese headline> — <detail>``.
"""
from __future__ import annotations

HEADLINES = {
    # files and YAML
    "file_unreadable": "không đọc được tệp",
    "file_not_utf8": "tệp không phải văn bản UTF-8",
    "yaml_syntax": "tệp không đúng cú pháp YAML",
    "yaml_too_large": "tệp quá lớn",
    "yaml_too_deep": "tệp lồng quá nhiều cấp",
    "yaml_duplicate_key": "một khóa được khai báo hai lần",
    "yaml_empty": "tệp rỗng",
    "yaml_bad_key": "khóa không hợp lệ",
    "yaml_bad_number": "số không hợp lệ",
    "yaml_number_limit": "số vượt giới hạn cho phép",
    "xlsx_unsafe": "tệp Excel không an toàn",
    "xlsx_merged_cell": "ô bị gộp trong bảng kê khai",
    "xlsx_too_many_rows": "dòng nằm ngoài phạm vi biểu mẫu",
    "xlsx_formula_no_value": "ô công thức chưa có giá trị",
    # -o: outputs never destroy inputs
    "output_empty": "thiếu tên tệp kết quả",
    "output_is_folder": "tệp kết quả là một thư mục",
    "output_not_file": "tệp kết quả không phải tệp thường",
    "output_is_input": "tệp kết quả trùng tệp đầu vào",
    "output_in_input_folder": "tệp kết quả nằm trong thư mục đầu vào",
    "yaml_merge_key": "không hỗ trợ khóa gộp (<<)",
    "yaml_unsupported": "nội dung YAML không được hỗ trợ",
    "yaml_unsupported_tag": "thẻ YAML không được phép",
    "bad_date": "ngày không có thật",
    # criteria files
    "unknown_key": "khóa không có trong mẫu tệp",
    "missing_field": "thiếu khóa bắt buộc",
    "bad_type": "sai kiểu giá trị",
    "bad_value": "giá trị không được phép",
    "bad_id": "mã không hợp lệ",
    "duplicate_id": "trùng mã tiêu chí",
    "node_shape": "tiêu chí phải có tiêu chí con hoặc quy tắc chấm (không cả hai)",
    "criteria_sum_mismatch": "tổng điểm tối đa của tiêu chí con không bằng điểm tối đa của tiêu chí cha",
    "criteria_min_mismatch": "điểm tối thiểu không bằng tổng của tiêu chí con",
    "bad_bounds": "điểm tối thiểu lớn hơn điểm tối đa",
    "bad_bonus": "chỉ lĩnh vực mới được là điểm thưởng",
    "bands_order": "các mức xếp loại phải theo thứ tự giảm dần",
    "unknown_evidence": "quy tắc đọc tài liệu kiểm chứng không có trong danh mục",
    "evidence_type_mismatch": "loại tài liệu kiểm chứng không phù hợp với quy tắc",
    "unknown_rule_kind": "không có loại quy tắc này",
    "rule_shape": "quy tắc khai báo chưa đúng",
    "bad_threshold": "ngưỡng có quá nhiều chữ số thập phân",
    "points_out_of_bounds": "điểm nằm ngoài giới hạn của tiêu chí",
    "not_monotone": "quy tắc cho điểm cao hơn khi kết quả kém hơn",
    "bands_not_monotone": "các mức cho điểm cao hơn khi kết quả kém hơn",
    "max_unreachable": "không tài liệu kiểm chứng nào đạt được điểm tối đa của tiêu chí",
    # scheme workbooks (parscore criteria import)
    "scheme_xlsx_layout": "tệp Excel không đúng mẫu bộ tiêu chí",
    "scheme_xlsx_value": "ô ghi chưa đúng cách",
    # evidence files
    "evidence_unknown_key": "tài liệu kiểm chứng không có trong danh mục",
    "evidence_bad_value": "giá trị không đúng",
    "evidence_bad_date": "ngày không đúng (viết dd/mm/yyyy hoặc yyyy-mm-dd)",
    "evidence_out_of_range": "giá trị ngoài phạm vi cho phép",
    "evidence_missing_field": "thiếu thông tin bắt buộc",
    "evidence_unknown_field": "trường thông tin không có trong mẫu tệp",
    "evidence_ratio_part_exceeds_whole": "số thành phần lớn hơn tổng số",
    "evidence_na_never": "tiêu chí không chấp nhận «không phát sinh»",
    "evidence_survey_in_unit_file": "kết quả khảo sát không do đơn vị tự khai",
    "evidence_manual_justification": "tự chấm điểm phải có giải trình",
    "evidence_manual_bounds": "điểm tự chấm ngoài giới hạn của tiêu chí",
    "evidence_wrong_scheme": "tệp khai cho bộ tiêu chí khác",
    "evidence_bad_header": "phần đầu tệp không đúng",
    # survey files
    "survey_bad_header": "phần đầu tệp khảo sát không đúng",
    "survey_unknown_field": "khóa không có trong mẫu tệp khảo sát",
    "survey_wrong_scheme": "tệp khảo sát của bộ tiêu chí khác",
    "survey_wrong_unit": "tệp khảo sát của đơn vị khác",
    "survey_unknown_key": "không phải tiêu chí khảo sát",
    "survey_unknown_answer": "phương án trả lời không có trong thang điểm",
    "survey_bad_value": "kết quả khảo sát không đúng",
    # appraisal files
    "appraisal_bad_header": "phần đầu tệp thẩm định không đúng",
    "appraisal_unknown_field": "khóa không có trong mẫu tệp thẩm định",
    "appraisal_wrong_unit": "tệp thẩm định của đơn vị khác",
    "appraisal_wrong_scheme": "tệp thẩm định của bộ tiêu chí khác",
    "appraisal_bad_value": "giá trị không đúng",
    "appraisal_bad_date": "ngày không đúng",
    "appraisal_bad_target": "điều chỉnh phải nêu đúng một tài liệu hoặc một tiêu chí",
    "appraisal_unknown_key": "tài liệu kiểm chứng không có trong danh mục",
    "appraisal_unknown_node": "không có tiêu chí này",
    "appraisal_survey_key": "kết quả khảo sát không điều chỉnh trong tệp thẩm định",
    "appraisal_points_out_of_bounds": "điểm nằm ngoài giới hạn của tiêu chí",
    "appraisal_missing_reason": "thiếu lý do",
    "appraisal_missing_round": "thiếu tệp của vòng trước",
    "appraisal_duplicate_round": "một vòng được nộp hai lần",
}


def headline(code: str) -> str | None:
    """The Vietnamese headline for ``code``; codes of other families fall back by prefix."""
    if code in HEADLINES:
        return HEADLINES[code]
    family = code.split("_", 1)[0]
    return {"plan": "kế hoạch CCHC khai báo chưa đúng", "xlsx": "biểu mẫu Excel khai báo chưa đúng"}.get(family)
