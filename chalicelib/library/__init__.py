"""The law library citizens read from the WeChat menu: statutes by article, 以案释法 cases, complaint
templates, and a keyword search over all three that costs no DynamoDB call (docs/decisions/law-library-search.md)."""
