import { PasswordInput, TextInput, type TextInputProps } from '@mantine/core';
import { useState } from 'react';
import { errorConfirmacion, errorPassword, passwordValida, REGLA_PASSWORD } from './password';

/** A new password typed twice: the values, whether they are acceptable, and a way to clear them. */
export function usePasswordNueva() {
  const [password, setPassword] = useState('');
  const [confirmacion, setConfirmacion] = useState('');
  return {
    password,
    confirmacion,
    setPassword,
    setConfirmacion,
    valida: passwordValida(password, confirmacion),
    limpiar: () => {
      setPassword('');
      setConfirmacion('');
    },
  };
}

export interface CamposPasswordNuevaProps {
  campos: ReturnType<typeof usePasswordNueva>;
  /** "Contraseña" or "Nueva contraseña". */
  label: string;
  /** Below the rule (e.g. "Compártala con la persona…"). */
  nota?: string;
  autoFocus?: boolean;
}

/** The new password and its confirmation, each checked as the user types. */
export function CamposPasswordNueva({ campos, label, nota, autoFocus }: CamposPasswordNuevaProps) {
  const { password, confirmacion } = campos;
  return (
    <>
      <PasswordInput
        label={label}
        description={nota ? `${REGLA_PASSWORD} ${nota}` : REGLA_PASSWORD}
        autoComplete="new-password"
        required
        data-autofocus={autoFocus || undefined}
        value={password}
        error={errorPassword(password)}
        onChange={(e) => campos.setPassword(e.currentTarget.value)}
      />
      <PasswordInput
        label="Confirmar contraseña"
        autoComplete="new-password"
        required
        value={confirmacion}
        error={errorConfirmacion(password, confirmacion)}
        onChange={(e) => campos.setConfirmacion(e.currentTarget.value)}
      />
    </>
  );
}

/** The e-mail a person signs in with (`autoComplete`, `autoFocus` or `data-autofocus` as the place needs). */
export function CampoCorreo({
  value,
  onChange,
  ...resto
}: { value: string; onChange: (email: string) => void } & Omit<TextInputProps, 'value' | 'onChange'>) {
  return (
    <TextInput
      label="Correo"
      type="email"
      required
      {...resto}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

/** The password a person already has (to sign in, or to confirm a change). */
export function CampoPasswordActual({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (password: string) => void;
}) {
  return (
    <PasswordInput
      label={label}
      autoComplete="current-password"
      required
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
