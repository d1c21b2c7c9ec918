import { CLIENT_IP_HEADER } from '../../auth/better-auth';

/** What every service needs to know about the request it serves. Built once, in hooks.server.ts. */
export interface RequestMeta {
	ip: string;
	userAgent: string | null;
	requestId: string;
	/** The request's headers (cookies included) with our resolved client address added. */
	headers: Headers;
}

/**
 * The client address: the value a trusted proxy set (the right-most entry, which the proxy wrote),
 * or the socket's peer. An X-Forwarded-For sent by the client is ignored unless a proxy is trusted.
 */
export function resolveClientIp(headers: Headers, socketAddress: string, trustedProxyIpHeader: string | undefined): string {
	if (trustedProxyIpHeader) {
		const value = headers.get(trustedProxyIpHeader);
		const last = value
			?.split(',')
			.map((v) => v.trim())
			.filter(Boolean)
			.at(-1);
		if (last) return last;
	}
	return socketAddress;
}

export function buildRequestMeta(request: Request, ip: string, requestId: string): RequestMeta {
	const headers = new Headers(request.headers);
	headers.set(CLIENT_IP_HEADER, ip);
	return { ip, userAgent: request.headers.get('user-agent'), requestId, headers };
}

/** Headers for a follow-up auth call: the original ones plus cookies just set by a previous call. */
export function withCookies(headers: Headers, cookies: Record<string, string>): Headers {
	const next = new Headers(headers);
	const existing = headers.get('cookie');
	const added = Object.entries(cookies).map(([k, v]) => `${k}=${v}`);
	next.set('cookie', [existing, ...added].filter(Boolean).join('; '));
	return next;
}
