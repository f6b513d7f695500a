/**
 * Shell functions the guest's init uses to read OpenStack's meta_data.json with busybox alone.
 * A small awk tokenizer walks the JSON properly (strings with escapes, nesting), so a `hostname`
 * inside `meta` or a key's comment with a quote in it cannot fool it, whatever the spacing or
 * key order:
 *
 * - `json_string KEY FILE`: the top-level string value of KEY, unescaped, on one line;
 * - `json_object_strings KEY FILE`: each string value of the top-level object KEY (the
 *   `public_keys` map), one per line, trailing newlines trimmed.
 *
 * Written as shell source (String.raw: backslashes stay as typed) so it ships inside the build.
 */
export const GUEST_JSON_FUNCTIONS = String.raw`
json_awk='
function unescape(s,    out, i, c, n, code) {
  out = ""
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c != "\\") { out = out c; continue }
    n = substr(s, ++i, 1)
    if (n == "n") out = out "\n"
    else if (n == "t") out = out "\t"
    else if (n == "r") out = out "\r"
    else if (n == "b" || n == "f") out = out " "
    else if (n == "u") {
      code = hexvalue(substr(s, i + 1, 4)); i += 4
      out = out (code < 128 ? sprintf("%c", code) : "?")
    } else out = out n
  }
  return out
}
function hexvalue(h,    v, k) {
  v = 0
  for (k = 1; k <= 4; k++) v = v * 16 + index("0123456789abcdef", tolower(substr(h, k, 1))) - 1
  return v
}
function emit(s) {
  s = unescape(s)
  sub(/[ \t\r\n]+$/, "", s)
  print s
}
{ text = text $0 "\n" }
END {
  depth = 0
  n = length(text)
  for (i = 1; i <= n; i++) {
    c = substr(text, i, 1)
    if (c == "{" || c == "[") {
      depth++; kind[depth] = c; wantkey[depth] = (c == "{"); key[depth] = ""
    } else if (c == "}" || c == "]") {
      depth--
    } else if (c == ",") {
      if (kind[depth] == "{") wantkey[depth] = 1
    } else if (c == "\"") {
      start = ++i
      while (i <= n && substr(text, i, 1) != "\"") { if (substr(text, i, 1) == "\\") i++; i++ }
      s = substr(text, start, i - start)
      if (kind[depth] == "{" && wantkey[depth]) { key[depth] = unescape(s); wantkey[depth] = 0 }
      else if (mode == "string" && depth == 1 && key[1] == want) emit(s)
      else if (mode == "object" && depth == 2 && key[1] == want && kind[2] == "{") emit(s)
    }
  }
}'

json_string() {
  awk -v mode=string -v want="$1" "$json_awk" "$2"
}

json_object_strings() {
  awk -v mode=object -v want="$1" "$json_awk" "$2"
}
`;
