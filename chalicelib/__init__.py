"""掌上通 application code: capabilities, edges and the single-table data layer."""
