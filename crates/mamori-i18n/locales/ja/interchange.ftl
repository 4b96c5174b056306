# Import and export messages
import-at-sheet = シート「{ $sheet }」
import-at-row = { $row }行目
import-at-column = 「{ $column }」
import-json_invalid = JSONとして読めません: { $detail }
import-json_format = 形式「{ $value }」には対応していません（{ $expected }が必要です）。
