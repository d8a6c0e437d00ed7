# The four published blocks of the Standardreporting from the concatenated journals
# (`jq -n -c -f bench/report.jq`). Each journal starts with its application, so the stream
# carries the case's (von, an) forward to the events after it.
def inc($p): setpath($p; (getpath($p) // 0) + 1);
def grund: .daten.grund | gsub("-"; "_");
reduce inputs as $e ({k: {}};
  if $e.typ == "antrag" then
    .an = $e.daten.an
    | .k |= (inc(["auftraege", "anmeldungen"])
             | inc(["auftraege", "auftraggeber", $e.daten.von])
             | inc(["auftraege", "auftragnehmer", $e.daten.an]))
  elif $e.typ == "annahme" then .k |= inc(["prozess", "angenommen"])
  elif $e.typ == "ablehnung" then
    .k |= (inc(["prozess", "abgelehnt", "total"]) | inc(["prozess", "abgelehnt", ($e | grund)]))
  elif ($e.typ | startswith("kgs_")) and $e.typ != "kgs_abgerechnet" then
    .an as $an | ($e.typ | ltrimstr("kgs_")) as $t
    | .k |= (inc(["kostengutsprachen", $t, "total"]) | inc(["kostengutsprachen", $t, $an]))
  elif $e.typ == "abschluss" then
    .an as $an | ($e | grund) as $g
    | .k |= (inc(["wirkungen", "abgeschlossen", "total"]) | inc(["wirkungen", "abgeschlossen", $an])
             | inc(["wirkungen", "abschlussgruende", $g, "total"])
             | inc(["wirkungen", "abschlussgruende", $g, $an]))
  else . end)
| .k
