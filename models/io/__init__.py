"""Data in and out through spreadsheets: the sheet specifications (:mod:`.sheets`), reading
(:mod:`.read`), cleaning (:mod:`.normalise`, :mod:`.vietnamese`), parsing (:mod:`.parse`),
importing (:mod:`.importer`, :mod:`.apply`), exporting (:mod:`.export`) and the template
(:mod:`.template`)."""
