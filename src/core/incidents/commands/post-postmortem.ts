/** /incident postmortem: the Markdown document as a file where the platform takes files (Slack, Discord), else as text. */
import { errorMessage } from '../../errors.js';
import type { Services } from '../../services.js';
import type { IncidentDesk } from '../incident-desk.js';
import { incidentDocument } from '../incident-document.js';
import type { Incident } from '../model.js';
import { postmortemMarkdown } from '../render-postmortem.js';

export async function postPostmortem(services: Services, desk: IncidentDesk, incident: Incident): Promise<void> {
  const doc = await incidentDocument(services.incidents!, incident, services.clock.now());
  // Exports leave the process: the one redactor sees every byte.
  const markdown = services.redactor.redact(postmortemMarkdown(doc));
  const { channel, thread } = desk.where(incident);
  const port = desk.port(incident.platform);
  const file = { filename: `${incident.ref.toLowerCase()}-postmortem.md`, title: `${incident.ref} postmortem draft`, content: markdown };
  if (port?.upload) {
    try {
      await port.upload(channel, file, { thread });
      return;
    } catch (err) {
      await desk.say(incident, { blocks: [{ type: 'context', text: `I could not attach the file (${errorMessage(err)}); here it is as text.` }] });
    }
  }
  await desk.say(incident, { blocks: [{ type: 'header', text: file.title }, { type: 'code', text: markdown, lang: 'markdown' }] });
}
