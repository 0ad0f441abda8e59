"""What a bureau and the province see (issue 10, docs/decisions/many-bureaus.md §7): the staff
dashboard, the MonthlyReport the sweep writes at each month end, the public monthly service page and
the region (city, province) view. Charts are inline SVG drawn on the server."""
