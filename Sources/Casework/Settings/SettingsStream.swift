/// The store's `settings` stream (DOMAIN.md §10, §13): the organisation's settings and
/// calendar as events in the chain, so that nothing which decides a deadline or a compliance
/// figure can change without a trace. Only caselog writes them (`caselog config set`,
/// `caselog calendar import`, and the upgrade of a store that kept settings beside the log);
/// an import restores them from an export into an empty store, and refuses them otherwise.
public enum SettingsStream {
    /// The stream's name.
    public static let name = "settings"
    /// `setting.changed`: `name`, `value`, and `previous` (absent when it was not set).
    public static let settingChanged = "setting.changed"
    /// `calendar.holidays-loaded`: `division`, `years` the file covered, the dates it `added`
    /// and `removed`, and `forced` when the load needed `--force`.
    public static let holidaysLoaded = "calendar.holidays-loaded"
    /// `target.set`: the board's target for a report figure (DOMAIN.md §10): `measure`
    /// (`REPORT:FIGURE`), `comparison`, `value`, `from`, and optionally `aim` and `amberWithin`.
    public static let targetSet = "target.set"
    /// The divisions of GOV.UK's `bank-holidays.json`.
    public static let divisions = ["england-and-wales", "scotland", "northern-ireland"]

    /// True for a stream of the store's own (not a case or a subject).
    public static func isStoreStream(_ stream: String) -> Bool { stream == name }

    /// The events of the store's own streams, for `caselog types` and the import's checks.
    public static let types: [EventTypeSpec] = [
        EventTypeSpec(settingChanged, onStoreStream: name,
                      "An organisation's setting changed (`caselog config set`), with the value it replaced.", [
            FieldSpec("name", .choice(of: StoreSetting.all.map(\.name)), required: true),
            FieldSpec("value", .integer(minimum: nil), required: true),
            FieldSpec("previous", .integer(minimum: nil)),
        ]),
        EventTypeSpec(holidaysLoaded, onStoreStream: name,
                      "GOV.UK's bank holidays loaded (`caselog calendar import`): what changed in the calendar deadlines count.", [
            FieldSpec("division", .choice(of: divisions), required: true),
            FieldSpec("years", .integers(minimum: 1), required: true),
            FieldSpec("added", .dates(minimum: 0), required: true),
            FieldSpec("removed", .dates(minimum: 0), required: true),
            FieldSpec("forced", .boolean),
        ]),
        EventTypeSpec(targetSet, onStoreStream: name,
                      "A target for a report figure (`caselog target set`): green, amber or red in every report that shows it.", [
            FieldSpec("measure", .label, required: true),
            FieldSpec("comparison", .choice(of: Target.Comparison.allCases.map(\.rawValue)), required: true),
            FieldSpec("value", .decimal, required: true),
            FieldSpec("from", .date, required: true),
            FieldSpec("aim", .text, published: true),
            FieldSpec("amberWithin", .decimal),
        ]),
    ]

    /// The store event called `name`, if there is one.
    public static func type(named name: String) -> EventTypeSpec? { types.first { $0.name == name } }
}
