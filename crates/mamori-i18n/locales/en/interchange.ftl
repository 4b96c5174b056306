# Import and export messages
import-at-sheet = sheet "{ $sheet }"
import-at-row = row { $row }
import-at-column = column "{ $column }"
import-json_invalid = cannot be read as JSON: { $detail }
import-json_format = format "{ $value }" is not supported ({ $expected } is required).
