import { headerValue } from '../response-headers';
import type { Exchange } from '../types';
import { findingFrom, isAccepted } from './context';
import type { EndpointProbe } from './probe';

/** Flask's automatic OPTIONS answer (empty body, an `Allow` header) is the framework, not the view. */
function viewAnswered(exchange: Exchange): boolean {
  return exchange.request.method !== 'OPTIONS' || (exchange.response.body.length > 0 && !headerValue(exchange.response, 'allow'));
}

/** FG514: GET is refused without credentials, but HEAD or OPTIONS reaches the view: the guard checks only some methods. */
export async function checkMethodBypass(probe: EndpointProbe): Promise<void> {
  if (probe.endpoint.method !== 'GET' || !probe.refusesAnonymous) {
    return;
  }
  for (const method of ['HEAD', 'OPTIONS']) {
    const answer = await probe.ctx.send(probe.request({}, method));
    if (answer && isAccepted(answer) && viewAnswered(answer)) {
      probe.ctx.report(findingFrom(probe.ctx, 'FG514', answer,
        `GET ${probe.endpoint.path} is refused without credentials (${probe.anonymous.response.status}) but ${method} answers ${answer.response.status} from the view: the guard skips ${method}`,
        { getStatus: probe.anonymous.response.status }));
    }
  }
}
