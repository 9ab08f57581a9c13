"""The money: funding sources, the ledger, program costs, the mix of a year,
projections, the sustainability workbook and ledger import."""
