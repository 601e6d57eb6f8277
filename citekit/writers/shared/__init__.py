"""What the output formats share: field profiles (:mod:`.profile`), TeX text (:mod:`.latex`)
and the values several formats derive from a record alike (:mod:`.common`)."""
