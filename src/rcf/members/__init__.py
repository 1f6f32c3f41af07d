"""Members registry: member states and organisations, observers, the RSO, their agencies, and the
directory of sister Regional Consultative Processes."""
