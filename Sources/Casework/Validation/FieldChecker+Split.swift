import EventLog
import Codec

/// Splitting checked data into the fields that are not personal and those that are (the
/// record's data map and its personal section).
extension FieldChecker {
    /// `map` without its personal fields, and those fields apart (nil when there are none).
    /// `whole`, when given, is `map`'s bytes as an array: kept as the data, not copied, when
    /// no personal field is present.
    func split(_ map: CBORView, fields: [FieldSpec], whole: [UInt8]? = nil) -> ValidatedData {
        if let flat = splitFlat(map, fields: fields, whole: whole) { return flat }
        return splitNested(map, fields: fields)
    }

    /// The split when no field present holds personal fields inside it: each entry's bytes are
    /// copied once, straight into one map or the other. Nil when the nested split is needed.
    private func splitFlat(_ map: CBORView, fields: [FieldSpec], whole: [UInt8]?) -> ValidatedData? {
        var dataCount = 0
        var personalCount = 0
        var isFlat = true
        map.forEachEntry { key, _ in
            guard let index = fields.index(named: key) else { return }
            let field = fields[index]
            if field.isPersonal { personalCount += 1 } else { dataCount += 1 }
            if hasPersonalParts(field) { isFlat = false }
        }
        guard isFlat else { return nil }
        if personalCount == 0 { return ValidatedData(data: whole ?? Array(map.bytes), personal: nil) }
        var data = CBORWriter(capacity: map.bytes.count)
        var personal = CBORWriter(capacity: map.bytes.count)
        data.writeMapHeader(count: dataCount)
        personal.writeMapHeader(count: personalCount)
        map.forEachEntry { key, value in
            guard let index = fields.index(named: key) else { return }
            let field = fields[index]
            if field.isPersonal {
                personal.writeText(bytes: key)
                personal.writeEncoded(value.bytes)
            } else {
                data.writeText(bytes: key)
                data.writeEncoded(value.bytes)
            }
        }
        return ValidatedData(data: data.bytes, personal: personal.bytes)
    }

    /// The split of a plan's goals or a correction's changes, whose personal fields are inside them.
    private func splitNested(_ map: CBORView, fields: [FieldSpec]) -> ValidatedData {
        var data: [(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer?, owned: [UInt8])] = []
        var personal: [(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer?, owned: [UInt8])] = []
        map.forEachEntry { key, value in
            guard let index = fields.index(named: key) else { return }
            let field = fields[index]
            if field.isPersonal {
                personal.append((key, value.bytes, []))
                return
            }
            guard let innerFields = innerFieldsWithPersonalParts(of: field) else {
                data.append((key, value.bytes, []))
                return
            }
            let inner = FieldChecker(changesSpec: nil)
            if value.kind == .map {
                // A correction's changes: the personal ones apart; an empty side is left out.
                let parts = inner.split(value, fields: innerFields)
                if parts.data != [0xA0] { data.append((key, nil, parts.data)) }
                if let part = parts.personal { personal.append((key, nil, part)) }
                return
            }
            // A list of records: the personal fields of each, in a list aligned with the data's.
            var dataList = CBORWriter()
            var personalList = CBORWriter()
            var anyPersonal = false
            dataList.writeArrayHeader(count: value.count ?? 0)
            personalList.writeArrayHeader(count: value.count ?? 0)
            value.forEachElement { element in
                let parts = inner.split(element, fields: innerFields)
                parts.data.withUnsafeBytes { dataList.writeEncoded($0) }
                anyPersonal = anyPersonal || parts.personal != nil
                (parts.personal ?? [0xA0]).withUnsafeBytes { personalList.writeEncoded($0) }
            }
            data.append((key, nil, dataList.bytes))
            if anyPersonal { personal.append((key, nil, personalList.bytes)) }
        }
        func encode(_ entries: [(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer?, owned: [UInt8])]) -> [UInt8] {
            var writer = CBORWriter(capacity: map.bytes.count + 8)
            writer.writeMapHeader(count: entries.count)
            for entry in entries {
                writer.writeText(bytes: entry.key)
                if let value = entry.value { writer.writeEncoded(value) } else { entry.owned.withUnsafeBytes { writer.writeEncoded($0) } }
            }
            return writer.bytes
        }
        return ValidatedData(data: encode(data), personal: personal.isEmpty ? nil : encode(personal))
    }
}
