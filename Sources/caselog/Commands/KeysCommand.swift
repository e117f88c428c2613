import ArgumentParser
import CaseStore
import EventLog
#if canImport(Glibc)
import Glibc
#endif

/// `caselog keys`: the master key file and the key store of the personal sections' data keys
/// (docs/FORMAT.md, "The key store and the master key"). On the store's machine only.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make a master key file, back up the key store, rotate the master key, show where they are.",
        discussion: """
            Each subject and each case gets a data key, kept in the key store: the directory \
            $CASELOG_KEYS, else the store's directory with .keys added. The data keys are wrapped \
            by the master key, read from the file $CASELOG_MASTER_KEY_FILE names. Keep the master \
            key file off the store's machine and apart from every backup: whoever holds a backup \
            and the master key can read the personal data; whoever loses the master key or the \
            key store cannot.
            """,
        subcommands: [Init.self, Encrypt.self, Backup.self, Restore.self, RotateMaster.self, Status.self])

    /// `caselog keys init FILE`.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write a new master key to FILE (mode 0600); never overwrites a file.",
            discussion: """
                FILE holds two lines: "caselog-master-key 1" and 32 random bytes in base64. Name \
                it in CASELOG_MASTER_KEY_FILE when caselog runs; keep a copy off this machine.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The new master key file.", valueName: "FILE")) var file: String

        func run() throws {
            try reportingFailures {
                try global.refuseServer("keys init")
                try MasterKey.generate().write(to: file)
                Terminal.print("wrote a master key to \(file) (mode 0600); set CASELOG_MASTER_KEY_FILE=\(file) when caselog runs, "
                               + "and keep a copy off this machine, never with the store or its backups")
            }
        }
    }

    /// `caselog keys backup DIR`.
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Write a compacted copy of the key store into DIR (new or empty, mode 0700).",
            discussion: """
                The copy is opened with the master key before it is renamed to DIR, and needs the \
                same master key file to be read. Keep it apart from the log's backups.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("A new or empty directory.", valueName: "DIR")) var directory: String

        func run() throws {
            try reportingFailures {
                try global.refuseServer("keys backup")
                let store = try KeyStore(path: global.keyStorePath, master: MasterKey.read(from: global.masterKeyFile()))
                try store.backup(to: directory)
                Terminal.print("backed up \(Terminal.grouped(UInt64(try store.count))) keys to \(directory); it opens with the same master key file")
            }
        }
    }

    /// `caselog keys restore BACKUPDIR`.
    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Put a key-store backup in place, then destroy again the keys of everyone the log marks erased.",
            discussion: """
                For a key store that was lost or damaged: move what is left of it away, then run \
                this with the backup `caselog keys backup` made. The backup is copied into the key \
                store's directory ($CASELOG_KEYS, else the store's with .keys added), opened with \
                the master key file, and then the keys and index entries of every subject and case \
                the log marks erased (subject.erased) are destroyed, as erasing them did: a backup \
                taken before an erasure would otherwise bring that person's data back into reach. \
                Refuses a place where a key store is (73). On the store's machine only.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("A directory `caselog keys backup` wrote.", valueName: "BACKUPDIR")) var backup: String

        func run() throws {
            try reportingFailures {
                try global.refuseServer("keys restore")
                let target = global.keyStorePath
                guard access(backup + "/data.mdb", R_OK) == 0 else {
                    throw CommandFailure(code: ExitStatus.notFound, message: "no key-store backup at \(backup) (it holds no data.mdb)")
                }
                guard access(target + "/data.mdb", F_OK) != 0 else {
                    throw CommandFailure(code: ExitStatus.cannotCreate, message: "a key store is at \(target) already: move it away first; nothing was changed")
                }
                try KeyStore.restore(from: backup, to: target)
                do {
                    let store = try global.openCaseStore()
                    let restored = try store.keyStore.map { try $0.count } ?? 0
                    let forgot = try store.forgetErased()
                    Terminal.print("restored the key store at \(target) from \(backup); destroyed again \(Terminal.grouped(UInt64(forgot.keysDestroyed))) "
                                   + "of its \(Terminal.grouped(UInt64(restored))) keys, of the \(Terminal.grouped(UInt64(forgot.subjects.count))) "
                                   + "subject\(forgot.subjects.count == 1 ? "" : "s") the log marks erased and their cases")
                } catch {
                    KeyStore.discardNew(at: target)
                    throw error
                }
            }
        }
    }

    /// `caselog keys rotate-master NEWFILE`.
    struct RotateMaster: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate-master",
            abstract: "Write a new master key to NEWFILE and re-wrap every data key with it.",
            discussion: """
                Reads the current master key from $CASELOG_MASTER_KEY_FILE. Afterwards only \
                NEWFILE opens the key store: set CASELOG_MASTER_KEY_FILE to it. Backups of the key \
                store taken before still need the old file. When re-wrapping fails, NEWFILE is \
                removed and the key store is unchanged.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The new master key file (must not exist).", valueName: "NEWFILE")) var file: String

        func run() throws {
            try reportingFailures {
                try global.refuseServer("keys rotate-master")
                let store = try KeyStore(path: global.keyStorePath, master: MasterKey.read(from: global.masterKeyFile()))
                let new = try MasterKey.generate()
                try new.write(to: file)
                do {
                    try store.rotateMaster(to: new)
                } catch {
                    // Removed only when the re-wrap did not commit: once it has, NEWFILE is the
                    // one master key that opens the key store, whatever failed after.
                    if (try? KeyStore(path: global.keyStorePath, master: new)) == nil { unlink(file) } else {
                        Terminal.error("the keys were re-wrapped with the master key in \(file) (keep it: the old one no longer opens "
                                       + "the key store), but what followed failed")
                    }
                    throw error
                }
                Terminal.print("re-wrapped \(Terminal.grouped(UInt64(try store.count))) keys with the master key in \(file); "
                               + "set CASELOG_MASTER_KEY_FILE=\(file): the old file no longer opens the key store (older key-store backups still need it)")
            }
        }
    }

    /// `caselog keys encrypt`.
    struct Encrypt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "encrypt",
            abstract: "Encrypt the personal data of a store made before encryption (store format 2 → 3), in place.",
            discussion: """
                Makes the key store (and, unless CASELOG_MASTER_KEY_FILE names one, a master key \
                file beside the store) when there is none, encrypts every personal section with \
                its subject's or case's data key, and ends by replacing the data file with a \
                compacted copy, so that no clear text stays in it. The records and the hash chain \
                are unchanged (`caselog verify --digest` prints the same head before and after). \
                Needs the store to itself: stop `caselog serve` and other commands first (exit 75 \
                otherwise). Backups taken before still hold personal data in clear: replace them \
                with a new backup and destroy the old ones. Run again after an interruption, it \
                finishes the work.
                """)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingFailures {
                try global.refuseServer("keys encrypt")
                let path = global.storePath
                guard access(path + "/data.mdb", F_OK) == 0 else { throw StoreError.notFound(path: path) }
                var made: (keyStore: KeyStore, masterKeyFile: String, madeMasterKey: Bool, madeKeyStore: Bool)?
                var bar = ProgressBar(label: "encrypting", unit: "sections")
                let done = try EventStore.encryptInPlace(at: path, keyStore: {
                    made = try global.makeKeyStore(forStore: path, reusing: true)
                    return made!.keyStore
                }) { looked, total in bar.update(fraction: total > 0 ? Double(looked) / Double(total) : 1, count: looked) }
                bar.finish()
                guard let keys = made else { return }
                Terminal.print("encrypted \(Terminal.grouped(UInt64(done.sectionsEncrypted))) of \(Terminal.grouped(UInt64(done.sections))) personal sections "
                               + "of \(path) (the others were encrypted or erased already); the data file was compacted "
                               + "(\(done.bytesBefore / 1024) KiB → \(done.bytesAfter / 1024) KiB) so no clear text stays in it")
                Terminal.print("keys: \(keys.keyStore.path)")
                Terminal.print(InitCommand.masterKeyAdvice(file: keys.masterKeyFile, made: keys.madeMasterKey))
                Terminal.note("backups taken before this hold personal data in clear: make a new backup and destroy the old ones")
            }
        }
    }

    /// `caselog keys status`.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the key store's directory, how many keys it holds, and the master key file (never a key).",
            discussion: "Opens the key store with the master key, so it also shows that the two belong together.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try reportingFailures {
                try global.refuseServer("keys status")
                let masterFile = try global.masterKeyFile()
                let store = try KeyStore(path: global.keyStorePath, master: MasterKey.read(from: masterFile))
                Terminal.print("key store: \(store.path)\nkeys: \(Terminal.grouped(UInt64(try store.count)))\nmaster key file: \(masterFile)")
            }
        }
    }
}
