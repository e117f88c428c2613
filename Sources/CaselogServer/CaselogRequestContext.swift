import CaseStore
import Hummingbird
import NIOCore
import Synchronization

/// The context of one request: Hummingbird's, the connection's peer, and the user its bearer
/// token authenticated (nil for `/health`, which needs none).
public struct CaselogRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's part: logger, parameters, the route matched.
    public var coreContext: CoreRequestContextStorage
    /// The connection's peer: the client, or the proxy in front of the server.
    public let remoteAddress: SocketAddress?
    /// Shared by every copy of this context, so that the request log, outside the
    /// authentication, names the user too.
    private let authenticated = AuthenticatedUser()

    /// A context for a request arriving on `source`.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The token's user's name: the actor of every event this request records.
    public var user: String? { accessUser?.name }

    /// The token's user, with their roles and team: what `AccessPolicy` decides by.
    public var accessUser: AccessUser? {
        get { authenticated.user.withLock { $0 } }
        nonmutating set { authenticated.user.withLock { $0 = newValue } }
    }

    /// The largest body read: a JSON array of events up to 16 MiB.
    public var maxUploadSize: Int { 16 << 20 }
}

/// The user a request's token authenticated, as one box its context's copies share.
private final class AuthenticatedUser: Sendable {
    let user = Mutex<AccessUser?>(nil)
}
