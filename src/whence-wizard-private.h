/* whence-wizard-private.h
 *
 * For tests: the parts of the wizard a person presses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "whence-network-card.h"
#include "whence-wizard.h"

G_BEGIN_DECLS

WhenceNetworkCard *_whence_wizard_get_network_card (WhenceWizard *self);

G_END_DECLS
