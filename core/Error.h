// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <utility>

namespace mf {

/// What kind of failure stopped a step. Each kind maps to one exit code of movieflow-cli.
enum class ErrorKind {
    None,
    Usage,     ///< wrong options or arguments (exit 2)
    Input,     ///< unreadable or malformed input, missing columns (exit 3)
    Google,    ///< Google, auth or network failure (exit 4)
    Output,    ///< output folder not writable, disk full (exit 5)
    Cancelled, ///< the user cancelled (exit 130)
    Internal,  ///< a bug (exit 1)
};

/// A failure as a value: a kind plus one or two sentences that say what happened and what to do.
struct Error
{
    ErrorKind kind = ErrorKind::None;
    QString message;

    bool isError() const { return kind != ErrorKind::None; }
    static Error none() { return {}; }
    static Error input(QString text) { return {ErrorKind::Input, std::move(text)}; }
    static Error output(QString text) { return {ErrorKind::Output, std::move(text)}; }
    static Error google(QString text) { return {ErrorKind::Google, std::move(text)}; }
    static Error usage(QString text) { return {ErrorKind::Usage, std::move(text)}; }
    static Error cancelled() { return {ErrorKind::Cancelled, QStringLiteral("The run was cancelled.")}; }
};

/// The movieflow-cli exit code for an error kind (0 for None).
int exitCodeFor(ErrorKind kind);

/// A value or an error. `ok()` tells which one is present.
template<typename T>
class Result
{
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.isError(); }
    const Error &error() const { return m_error; }
    T &value() { return m_value; }
    const T &value() const { return m_value; }
    T takeValue() { return std::move(m_value); }

private:
    T m_value{};
    Error m_error;
};

} // namespace mf
