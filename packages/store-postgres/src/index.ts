// @capstan/store-postgres: the node journal in PostgreSQL (issue 15, in progress).
export {}
