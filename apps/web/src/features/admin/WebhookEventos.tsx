import { Badge, Checkbox, Group, SimpleGrid } from '@mantine/core';
import { EVENTO_WEBHOOK_LABELS, EVENTOS_WEBHOOK, type EventoWebhook } from '@troncal/domain/enums';

/** The events an endpoint listens to, as checkboxes (Spanish label, the event name below). */
export function EventosCheckboxes({
  value,
  onChange,
  error,
}: {
  value: EventoWebhook[];
  onChange: (v: EventoWebhook[]) => void;
  error?: string | undefined;
}) {
  return (
    <Checkbox.Group
      label="Eventos"
      description="Los cambios que se le enviarán a esta URL."
      required
      value={value}
      onChange={(v) => onChange(v as EventoWebhook[])}
      error={error}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
        {EVENTOS_WEBHOOK.map((e) => (
          <Checkbox key={e} value={e} label={EVENTO_WEBHOOK_LABELS[e]} description={e} />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}

export function EventosBadges({ eventos }: { eventos: readonly string[] }) {
  return (
    <Group gap={4}>
      {eventos.map((e) => (
        <Badge key={e} variant="light" color="gray" size="sm" tt="none">
          {e}
        </Badge>
      ))}
    </Group>
  );
}
