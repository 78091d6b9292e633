// The status enums, component types and build sources are the shared model's; users of the
// executor see them.
@_exported import ComponentsModel
