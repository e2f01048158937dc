import { NumberInput, Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import { type Doc, parseDayList, valueAt, withValueAt } from "../lib/protocol-draft";

/** What each protocol field needs: the draft, a way to change it, and the server's messages by path. */
export interface DraftProps {
  draft: Doc;
  onChange: (next: Doc) => void;
  errors: Record<string, string>;
}

/**
 * A whole number in the protocol at `path`. `nullable`: emptying it stores null (e.g. an
 * aftercare rule with no end), else an emptied input is left out until a number is typed.
 */
export function DayField(
  props: DraftProps & { path: string; label: string; description?: string; nullable?: boolean; w?: number },
) {
  const value = valueAt(props.draft, props.path);
  return (
    <NumberInput
      label={props.label}
      description={props.description}
      min={0}
      allowDecimal={false}
      w={props.w}
      value={typeof value === "number" ? value : ""}
      error={props.errors[props.path]}
      onChange={(next) => {
        if (typeof next === "number") props.onChange(withValueAt(props.draft, props.path, next));
        else if (props.nullable) props.onChange(withValueAt(props.draft, props.path, null));
      }}
    />
  );
}

/** Prose a patient reads, at `path`. */
export function ProseField(props: DraftProps & { path: string; label: string }) {
  const value = valueAt(props.draft, props.path);
  return (
    <Textarea
      label={props.label}
      autosize
      minRows={1}
      value={typeof value === "string" ? value : ""}
      error={props.errors[props.path]}
      onChange={(e) => props.onChange(withValueAt(props.draft, props.path, e.currentTarget.value))}
    />
  );
}

/** A list of days (`14, 7, 3`) at `path`; a word that is not a whole number is flagged, not saved. */
export function DayListField(props: DraftProps & { path: string; label: string; description?: string }) {
  const current = valueAt(props.draft, props.path);
  const [text, setText] = useState(Array.isArray(current) ? current.join(", ") : "");
  const { bad } = parseDayList(text);
  return (
    <TextInput
      label={props.label}
      description={props.description}
      value={text}
      error={bad.length > 0 ? `Not a whole number of days: ${bad.join(", ")}` : props.errors[props.path]}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        props.onChange(withValueAt(props.draft, props.path, parseDayList(next).days));
      }}
    />
  );
}
